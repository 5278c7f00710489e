/*
 * The peer of the external connections: accepts on every address of its
 * network namespace (IPv4 and IPv6) at PORT and closes each connection at
 * once. Prints "listening" when ready; runs until killed.
 *
 *   sink PORT
 */
#include "bench.h"

int main(int argc, char **argv)
{
	struct sockaddr_in6 any = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
	int off = 0, on = 1;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: sink PORT\n");
		return 2;
	}
	any.sin6_port = htons((int)arg_long(argv[1]));

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&any, sizeof(any)) || listen(fd, 4096))
		die("listen");
	printf("listening\n");
	fflush(stdout);

	for (;;) {
		int peer = accept(fd, NULL, NULL);

		if (peer >= 0)
			close(peer);
	}
}
