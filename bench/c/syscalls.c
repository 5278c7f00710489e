/*
 * One syscall workload, timed inside the process so that exec and start-up
 * costs stay out of the number. Prints the mean nanoseconds per operation.
 *
 *   syscalls getppid|mprotect|rwx|loopback ITERATIONS
 *   syscalls external ITERATIONS ADDRESS PORT
 *
 * An operation is one getppid(), one mprotect() call, or one whole TCP
 * connection (connect, accept where the listener is ours, reset-close).
 * A tenth of the iterations run first, untimed, to warm caches and the page.
 */
#include "bench.h"
#include <sys/mman.h>

#define PAGE 4096

static char *page;
static int listener;
static struct sockaddr_storage target;
static socklen_t target_length;

typedef void (*op_fn)(long i);

static void op_getppid(long i)
{
	(void)i;
	getppid();
}

/* Two calls per round trip, neither asking for execute: never reported by rwxwatch. */
static void op_mprotect(long i)
{
	int prot = i & 1 ? PROT_READ : PROT_READ | PROT_WRITE;

	if (mprotect(page, PAGE, prot))
		die("mprotect");
}

/* Every other call asks for exactly PROT_READ|PROT_WRITE|PROT_EXEC, the rule's value. */
static void op_rwx(long i)
{
	int prot = PROT_READ | PROT_WRITE | (i & 1 ? PROT_EXEC : 0);

	if (mprotect(page, PAGE, prot))
		die("mprotect");
}

static void op_loopback(long i)
{
	int client = dial(&target, target_length);
	int server = accept(listener, NULL, NULL);

	(void)i;
	if (server < 0)
		die("accept");
	close_reset(client);
	close(server);
}

static void op_external(long i)
{
	(void)i;
	close_reset(dial(&target, target_length));
}

/* Chosen once, so that the timed loop holds nothing but the operation. */
static op_fn op_named(const char *mode)
{
	if (!strcmp(mode, "getppid"))
		return op_getppid;
	if (!strcmp(mode, "mprotect"))
		return op_mprotect;
	if (!strcmp(mode, "rwx"))
		return op_rwx;
	if (!strcmp(mode, "loopback"))
		return op_loopback;
	if (!strcmp(mode, "external"))
		return op_external;
	fprintf(stderr, "unknown workload: %s\n", mode);
	exit(2);
}

static void run(op_fn op, long count)
{
	for (long i = 0; i < count; i++)
		op(i);
}

/* A listener on 127.0.0.1 with a port the kernel picks; `target` is set to it. */
static void listen_loopback(void)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)&target;

	target_length = parse_address("127.0.0.1", 0, &target);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)in4, target_length))
		die("bind");
	if (listen(listener, 64) || getsockname(listener, (struct sockaddr *)in4, &target_length))
		die("listen");
}

static void prepare(const char *mode, int argc, char **argv)
{
	page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		die("mmap");
	page[0] = 1;

	if (!strcmp(mode, "loopback"))
		listen_loopback();
	if (!strcmp(mode, "external")) {
		if (argc < 5) {
			fprintf(stderr, "usage: syscalls external ITERATIONS ADDRESS PORT\n");
			exit(2);
		}
		target_length = parse_address(argv[3], (int)arg_long(argv[4]), &target);
	}
}

int main(int argc, char **argv)
{
	long long start;
	long iterations;
	const char *mode;
	op_fn op;

	if (argc < 3) {
		fprintf(stderr, "usage: syscalls MODE ITERATIONS [ADDRESS PORT]\n");
		return 2;
	}
	mode = argv[1];
	op = op_named(mode);
	iterations = arg_long(argv[2]);
	if (iterations == 0) {
		fprintf(stderr, "ITERATIONS must be at least 1\n");
		return 2;
	}
	prepare(mode, argc, argv);

	run(op, iterations / 10);
	start = clock_ns(CLOCK_MONOTONIC);
	run(op, iterations);
	printf("%.3f\n", (double)(clock_ns(CLOCK_MONOTONIC) - start) / (double)iterations);
	return 0;
}
