// SPDX-License-Identifier: GPL-2.0
/*
 * segwd: the LWIP SeGW agent (DESIGN 2.1). Registers with lwip_segw.ko,
 * turns each UE request into a PSK file and a pluto connection, learns SA
 * up/down from its updown notifier, reports to the module, and resyncs
 * after its own, pluto's or the module's restart.
 *
 * main.c only wires things up and runs the event loop.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "config.h"
#include "log.h"
#include "notify.h"
#include "pluto.h"
#include "reconcile.h"
#include "secrets.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: segwd [-c FILE] [-o KEY=VALUE]... [-v] [--check]\n"
		"  -c, --config FILE   settings file (default /etc/segwd.conf if it exists)\n"
		"  -o, --set KEY=VALUE override one setting (same keys as the file)\n"
		"  -v, --verbose       log_level=debug\n"
		"      --check         check the settings and exit\n"
		"See segwd.conf.example for every setting and its default.\n");
}

static const struct pluto_service svc = {
	.fill = notify_fill,
	.handle = notify_handle,
};

/* Opens, registers and resyncs; 0 when we are the agent. */
static int connect_module(void)
{
	int r = agent_open();

	if (r == -ENOENT) {
		log_info("lwip_segw module not loaded: waiting for it");
		return r;
	}
	if (r)
		return r;
	r = agent_register();
	if (r < 0) {
		log_err("cannot register as the agent (%s); will retry", strerror(-r));
		agent_close();
		return r;
	}
	log_info("registered with lwip_segw (%d UE(s) live)", r);
	r = resync_module();
	if (r) {
		log_err("resync failed (%s); will retry", strerror(-r));
		agent_close();
	}
	return r;
}

/* One segwd per notify socket: a second one would steal the notifier. */
static int lock_instance(void)
{
	char path[PATH_MAX + 8];
	int fd;

	strfmt(path, sizeof(path), "%s.lock", cfg.notify_socket);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		log_err("another segwd already runs with notify_socket %s", cfg.notify_socket);
		close(fd);
		return -1;
	}
	return 0;	/* held until exit */
}

static int mkdir_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST) {
		log_err("cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "set", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "check", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *conf = NULL;
	char **sets = calloc((size_t)argc, sizeof(char *));
	int nsets = 0, c, verbose = 0, check = 0;
	long next_module_try = 0, next_pluto_check = 0;
	struct sigaction sa = { .sa_handler = on_signal };

	if (!sets)
		return 1;
	while ((c = getopt_long(argc, argv, "c:o:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'c': conf = optarg; break;
		case 'o': sets[nsets++] = optarg; break;
		case 'v': verbose = 1; break;
		case 'C': check = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "segwd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	config_defaults(&cfg);
	if (!conf && access("/etc/segwd.conf", F_OK) == 0)
		conf = "/etc/segwd.conf";
	if (conf && config_load_file(&cfg, conf))
		return 2;
	for (int i = 0; i < nsets; i++) {
		char *eq = strchr(sets[i], '=');

		if (!eq) {
			fprintf(stderr, "segwd: -o '%s': expected KEY=VALUE\n", sets[i]);
			return 2;
		}
		*eq = '\0';
		if (config_set(&cfg, sets[i], eq + 1, "command line"))
			return 2;
	}
	free(sets);
	if (verbose)
		cfg.log_level = LOG_LVL_DEBUG;
	if (config_check(&cfg))
		return 2;
	log_level = cfg.log_level;
	if (check) {
		printf("segwd: settings OK\n");
		return 0;
	}
	config_dump(&cfg);

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	umask(077);

	if (mkdir_parent(cfg.secrets_file) || mkdir_parent(cfg.secrets_dir) ||
	    mkdir_parent(cfg.notify_socket) || lock_instance() || secrets_init() ||
	    notify_open(notifier_verdict) || watch_open())
		return 1;
	pluto_set_service(&svc);
	pluto_pid = pluto_alive();
	if (!pluto_pid)
		log_warn("pluto is not answering on %s/pluto.ctl yet", cfg.rundir);
	if (!connect_module() && pluto_pid)
		log_info("ready");

	while (!stop) {
		struct pollfd fds[4];
		int nf = 0, ai = -1, wi = -1, ni, timeout;
		long now = now_ms();

		if (agent_is_open()) {
			ai = nf;
			fds[nf++] = (struct pollfd){ .fd = agent_fd(), .events = POLLIN };
		}
		wi = nf;
		fds[nf++] = (struct pollfd){ .fd = watch_fd(), .events = POLLIN };
		ni = nf;
		nf += notify_fill(fds + nf, 1);
		timeout = (int)(next_pluto_check - now);
		if (timeout < 0)
			timeout = 0;
		if (poll(fds, (nfds_t)nf, timeout) < 0 && errno != EINTR)
			break;
		if (nf > ni)
			notify_handle(fds + ni, nf - ni);

		if (fds[wi].revents & POLLIN) {
			bool appeared = false, vanished = false;

			watch_receive(&appeared, &vanished);
			if (vanished && agent_is_open()) {
				agent_close();
				module_gone();
				ai = -1;
			}
			if (appeared && !agent_is_open())
				next_module_try = 0;
		}
		if (ai >= 0 && agent_is_open() && (fds[ai].revents & (POLLIN | POLLERR))) {
			long deadline = now_ms() + 1000;
			int r = agent_receive(on_module_ue, NULL);

			/* Gather requests that come together into one batch. */
			while (!r && cfg.batch_ms && now_ms() < deadline) {
				struct pollfd p[2] = {
					{ .fd = agent_fd(), .events = POLLIN },
				};
				int n = 1 + notify_fill(p + 1, 1);

				if (poll(p, (nfds_t)n, (int)cfg.batch_ms) <= 0)
					break;
				if (n > 1)
					notify_handle(p + 1, 1);
				if (p[0].revents & (POLLIN | POLLERR))
					r = agent_receive(on_module_ue, NULL);
			}
			if (r == -ENOBUFS) {
				log_warn("module requests were lost (socket overflow): resyncing");
				if (resync_module())
					agent_close();
			} else if (r) {
				log_err("module link broken (%s): reconnecting", strerror(-r));
				agent_close();
				next_module_try = 0;
			}
		}
		now = now_ms();
		if (!agent_is_open() && now >= next_module_try) {
			connect_module();
			next_module_try = now + 5000;
		}
		if (now >= next_pluto_check) {
			pid_t pid = pluto_alive();

			next_pluto_check = now + cfg.pluto_poll_ms;
			if (pid != pluto_pid) {
				pid_t old = pluto_pid;

				pluto_pid = pid;
				if (!pid)
					log_warn("pluto stopped answering (was pid %d)", (int)old);
				else
					pluto_restarted();
			}
		}
		flush();
	}
	log_info("stopping (pluto keeps its connections; the next segwd resyncs)");
	notify_close();
	agent_close();
	return 0;
}
