/*
 * Shared by the benchmark's workload programs: clocks, fatal errors and TCP
 * dialling. Each program is one file plus this header, built with `cc -O2`.
 */
#ifndef RWXWATCH_BENCH_H
#define RWXWATCH_BENCH_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static inline long long clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void die(const char *what)
{
	fprintf(stderr, "%s: %s\n", what, strerror(errno));
	exit(1);
}

static inline long arg_long(const char *text)
{
	char *end;
	long value = strtol(text, &end, 10);

	if (*text == '\0' || *end != '\0' || value < 0) {
		fprintf(stderr, "not a count: %s\n", text);
		exit(2);
	}
	return value;
}

/* Fills `ss` from an IPv4 or IPv6 literal; returns the address length. */
static inline socklen_t parse_address(const char *text, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		return sizeof(*in4);
	}
	if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		return sizeof(*in6);
	}
	fprintf(stderr, "not an IP address: %s\n", text);
	exit(2);
}

/*
 * Closing with a zero linger time sends a reset instead of a FIN, so neither
 * side keeps the connection in TIME_WAIT: thousands of dials in a row would
 * otherwise run out of ephemeral ports.
 */
static inline void close_reset(int fd)
{
	struct linger now = {.l_onoff = 1, .l_linger = 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof(now));
	close(fd);
}

/* A blocking TCP connect; returns the socket, still open. */
static inline int dial(const struct sockaddr_storage *ss, socklen_t length)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	if (connect(fd, (const struct sockaddr *)ss, length))
		die("connect");
	return fd;
}

#endif
