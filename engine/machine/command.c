/* command - run a program of the system and read what it prints. */
#define _POSIX_C_SOURCE 200809L
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct capture {
	int fd;
	char *text;
	size_t len, cap;
	bool truncated;
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* capture_read - what the pipe holds now; false at its end or on error. */
static bool capture_read(struct capture *c)
{
	char buf[4096];
	ssize_t n = read(c->fd, buf, sizeof buf);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	size_t keep = (size_t)n;
	if (c->len + keep > COMMAND_OUTPUT_MAX) {
		keep = COMMAND_OUTPUT_MAX - c->len;
		c->truncated = true;
	}
	if (c->len + keep + 1 > c->cap) {
		size_t cap = (c->len + keep + 1) * 2;
		char *grown = realloc(c->text, cap);
		if (!grown)
			return false;
		c->text = grown;
		c->cap = cap;
	}
	memcpy(c->text + c->len, buf, keep);
	c->len += keep;
	c->text[c->len] = '\0';
	return true;
}

/* spawn - argv with stdout and stderr into the pipes' write ends. */
static bool spawn(const char *const argv[], int out_fd, int err_fd, pid_t *pid)
{
	posix_spawn_file_actions_t actions;
	if (posix_spawn_file_actions_init(&actions) != 0)
		return false;
	bool ok = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) == 0 &&
		  posix_spawn_file_actions_adddup2(&actions, out_fd, 1) == 0 &&
		  posix_spawn_file_actions_adddup2(&actions, err_fd, 2) == 0;
	int rc = ok ? posix_spawnp(pid, argv[0], &actions, NULL, (char *const *)argv, environ) : ENOMEM;
	posix_spawn_file_actions_destroy(&actions);
	errno = rc;
	return rc == 0;
}

static bool open_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return false;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return true;
}

/* drain - both pipes until they end or the deadline passes. */
static bool drain(struct capture *c, long deadline)
{
	bool open[2] = {true, true};
	while (open[0] || open[1]) {
		struct pollfd p[2] = {{c[0].fd, POLLIN, 0}, {c[1].fd, POLLIN, 0}};
		for (int i = 0; i < 2; i++)
			p[i].fd = open[i] ? c[i].fd : -1;
		long left = deadline - now_ms();
		if (left <= 0)
			return false;
		int n = poll(p, 2, (int)left);
		if (n < 0 && errno != EINTR)
			return false;
		for (int i = 0; i < 2 && n > 0; i++)
			if (open[i] && (p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				open[i] = capture_read(&c[i]);
	}
	return true;
}

/* reaped - the child has exited by the deadline (its output may end
 * before it does: a program that closes stdout and goes on). */
static bool reaped(pid_t pid, int *status, long deadline)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR)
			return false;
		if (now_ms() >= deadline)
			return false;
		struct timespec pause = {0, 5 * 1000000};
		nanosleep(&pause, NULL);
	}
}

bool command_run(const char *const argv[], int timeout_ms, struct command_result *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	out->exit_status = -1;
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	pid_t pid;
	if (!open_pipe(po) || !open_pipe(pe) || !spawn(argv, po[1], pe[1], &pid)) {
		snprintf(err, errsize, "cannot run %s: %s", argv[0], strerror(errno));
		for (int i = 0; i < 2; i++) {
			if (po[i] >= 0)
				close(po[i]);
			if (pe[i] >= 0)
				close(pe[i]);
		}
		return false;
	}
	close(po[1]);
	close(pe[1]);
	struct capture c[2] = {{.fd = po[0]}, {.fd = pe[0]}};
	long deadline = now_ms() + timeout_ms;
	int status = 0;
	bool ended = drain(c, deadline) && reaped(pid, &status, deadline);
	close(po[0]);
	close(pe[0]);
	if (!ended) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	out->out = c[0].text ? c[0].text : strdup("");
	out->err = c[1].text ? c[1].text : strdup("");
	out->truncated = c[0].truncated || c[1].truncated;
	out->timed_out = !ended;
	if (WIFEXITED(status) && ended)
		out->exit_status = WEXITSTATUS(status);
	if (!ended)
		snprintf(err, errsize, "%s did not finish within %d ms", argv[0], timeout_ms);
	else if (!out->out || !out->err)
		snprintf(err, errsize, "out of memory");
	return ended && out->out && out->err;
}

void command_result_free(struct command_result *result)
{
	free(result->out);
	free(result->err);
	result->out = result->err = NULL;
}

bool command_on_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path || strchr(name, '/'))
		return false;
	for (const char *p = path; *p;) {
		size_t len = strcspn(p, ":");
		char file[4096];
		if (len > 0 && (size_t)snprintf(file, sizeof file, "%.*s/%s", (int)len, p, name) < sizeof file) {
			struct stat st;
			if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && access(file, X_OK) == 0)
				return true;
		}
		p += len + (p[len] == ':');
	}
	return false;
}
