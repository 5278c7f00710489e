/*
 * Qualifying mprotect calls at a steady rate, for the throughput ceiling:
 * RATE calls per second asking for exactly RWX, for DURATION_MS. RATE 0
 * means as fast as possible. The page stays RWX, so after the first call the
 * kernel has nothing to change and each call costs little more than the
 * syscall and its hooks: one process offers as many events as it can.
 * Prints the calls made and the nanoseconds they took.
 *
 *   rwx-flood RATE DURATION_MS
 */
#include "bench.h"
#include <sys/mman.h>

#define PAGE 4096
/* Calls between two looks at the clock: small next to any rate asked for. */
#define CHUNK 32

static char *page;

static void rwx_chunk(void)
{
	for (int i = 0; i < CHUNK; i++) {
		if (mprotect(page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC))
			die("mprotect");
	}
}

/* Sleeps while more calls were made than the rate allows for the time elapsed. */
static void pace(long rate, long long made, long long start)
{
	long long due_ns, ahead_ns;
	struct timespec nap;

	if (rate == 0)
		return;
	due_ns = made * 1000000000LL / rate;
	ahead_ns = due_ns - (clock_ns(CLOCK_MONOTONIC) - start);
	if (ahead_ns <= 0)
		return;
	nap.tv_sec = ahead_ns / 1000000000LL;
	nap.tv_nsec = ahead_ns % 1000000000LL;
	nanosleep(&nap, NULL);
}

int main(int argc, char **argv)
{
	long long start, end_ns, made = 0;
	long rate;

	if (argc != 3) {
		fprintf(stderr, "usage: rwx-flood RATE DURATION_MS\n");
		return 2;
	}
	rate = arg_long(argv[1]);
	page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		die("mmap");

	start = clock_ns(CLOCK_MONOTONIC);
	end_ns = start + arg_long(argv[2]) * 1000000LL;
	while (clock_ns(CLOCK_MONOTONIC) < end_ns) {
		rwx_chunk();
		made += CHUNK;
		pace(rate, made, start);
	}
	printf("%lld %lld\n", made, clock_ns(CLOCK_MONOTONIC) - start);
	return 0;
}
