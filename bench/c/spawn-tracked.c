/*
 * Many distinct processes for the memory measurement: forks COUNT children
 * one after another; each makes a page RWX, connects to ADDRESS PORT and
 * exits. Prints the nanoseconds it all took.
 *
 *   spawn-tracked COUNT ADDRESS PORT
 */
#include "bench.h"
#include <sys/mman.h>
#include <sys/wait.h>

static void child(const struct sockaddr_storage *ss, socklen_t length)
{
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (page == MAP_FAILED || mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC))
		_exit(1);
	close_reset(dial(ss, length));
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	long long start;
	socklen_t length;
	long count, failed = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: spawn-tracked COUNT ADDRESS PORT\n");
		return 2;
	}
	count = arg_long(argv[1]);
	length = parse_address(argv[2], (int)arg_long(argv[3]), &ss);

	start = clock_ns(CLOCK_MONOTONIC);
	for (long i = 0; i < count; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			child(&ss, length);
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	printf("%lld %ld\n", clock_ns(CLOCK_MONOTONIC) - start, failed);
	return failed ? 1 : 0;
}
