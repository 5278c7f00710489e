/*
 * The rule's behaviour once, for the latency measurement: make a page RWX,
 * connect to ADDRESS PORT, then print this process's pid and the time at
 * which connect() returned, as CLOCK_MONOTONIC and CLOCK_REALTIME ns. The
 * bench subtracts the monotonic one, which a wall-clock correction between
 * the two readings cannot skew.
 *
 *   alert-trigger ADDRESS PORT
 */
#include "bench.h"
#include <sys/mman.h>

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t length;
	long long monotonic_ns, realtime_ns;
	void *page;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: alert-trigger ADDRESS PORT\n");
		return 2;
	}
	length = parse_address(argv[1], (int)arg_long(argv[2]), &ss);

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC))
		die("mprotect");

	fd = dial(&ss, length);
	monotonic_ns = clock_ns(CLOCK_MONOTONIC);
	realtime_ns = clock_ns(CLOCK_REALTIME);
	close_reset(fd);
	printf("%d %lld %lld\n", getpid(), monotonic_ns, realtime_ns);
	return 0;
}
