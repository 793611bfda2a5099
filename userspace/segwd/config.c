// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration: "key = value" lines, '#' comments, unknown keys and bad
 * values are errors (a typo must not silently leave a default in place).
 * The same keys are accepted on the command line as -o key=value.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "log.h"

struct segwd_config cfg;

enum opt_kind { OPT_STR, OPT_UINT, OPT_LEVEL };

struct opt {
	const char *key;
	enum opt_kind kind;
	size_t off;
	size_t size;		/* OPT_STR: buffer size */
	unsigned int min, max;	/* OPT_UINT */
};

#define S(k, f) { k, OPT_STR, offsetof(struct segwd_config, f), \
		  sizeof(((struct segwd_config *)0)->f), 0, 0 }
#define U(k, f, lo, hi) { k, OPT_UINT, offsetof(struct segwd_config, f), 0, lo, hi }

static const struct opt opts[] = {
	S("whack", whack),
	S("pluto_rundir", rundir),
	S("secrets_file", secrets_file),
	S("secrets_dir", secrets_dir),
	S("notify_socket", notify_socket),
	S("notifier", notifier),
	S("local_id", local_id),
	S("conn_prefix", conn_prefix),
	S("ike", ike),
	S("esp", esp),
	S("dpd_action", dpd_action),
	U("dpd_delay", dpd_delay, 0, 3600),
	U("dpd_timeout", dpd_timeout, 1, 3600),
	U("ike_lifetime", ike_lifetime, 60, 86400),
	U("ipsec_lifetime", ipsec_lifetime, 60, 86400),
	U("reqid_base", reqid_base, 1, 16383),
	U("reqid_span", reqid_span, 1, 16383),
	U("notify_timeout_ms", notify_timeout_ms, 100, 30000),
	U("whack_timeout_ms", whack_timeout_ms, 1000, 600000),
	U("batch_ms", batch_ms, 0, 5000),
	U("pluto_poll_ms", pluto_poll_ms, 100, 60000),
	{ "log_level", OPT_LEVEL, offsetof(struct segwd_config, log_level), 0, 0, 0 },
};

void config_defaults(struct segwd_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->whack, "/usr/libexec/ipsec/whack");
	strcpy(c->rundir, "/run/pluto");
	strcpy(c->secrets_file, "/run/segwd/ipsec.secrets");
	strcpy(c->secrets_dir, "/run/segwd/psk");
	strcpy(c->notify_socket, "/run/segwd/notify.sock");
	strcpy(c->notifier, "/usr/libexec/segwd/segwd-updown");
	strcpy(c->conn_prefix, "lwip-ue-");
	strcpy(c->ike, "aes_gcm256-sha2_384-dh20,aes_gcm128-sha2_256-dh19,aes128-sha2_256-dh14");
	strcpy(c->esp, "aes_gcm256-null,aes_gcm128-null,aes128-sha2_256");
	strcpy(c->dpd_action, "clear");
	c->dpd_delay = 30;
	c->dpd_timeout = 150;
	c->ike_lifetime = 28800;
	c->ipsec_lifetime = 28800;
	c->reqid_base = 8192;
	c->reqid_span = 8192;
	c->notify_timeout_ms = 2000;
	c->whack_timeout_ms = 30000;
	c->batch_ms = 50;
	c->pluto_poll_ms = 1000;
	c->log_level = LOG_LVL_INFO;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_set(struct segwd_config *c, const char *key, const char *value,
	       const char *where)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const struct opt *o = &opts[i];
		char *p = (char *)c + o->off;
		unsigned long v;
		char *end;
		int lvl;

		if (strcmp(o->key, key))
			continue;
		switch (o->kind) {
		case OPT_STR:
			if (strlen(value) >= o->size) {
				fprintf(stderr, "segwd: %s: %s is too long (at most %zu characters)\n",
					where, key, o->size - 1);
				return -1;
			}
			strcpy(p, value);
			return 0;
		case OPT_UINT:
			errno = 0;
			v = strtoul(value, &end, 10);
			if (errno || end == value || *end || value[0] == '-' ||
			    v < o->min || v > o->max) {
				fprintf(stderr, "segwd: %s: %s = '%s' is not a number in %u..%u\n",
					where, key, value, o->min, o->max);
				return -1;
			}
			*(unsigned int *)p = (unsigned int)v;
			return 0;
		case OPT_LEVEL:
			lvl = log_level_parse(value);
			if (lvl < 0) {
				fprintf(stderr, "segwd: %s: log_level = '%s': use error, warn, info or debug\n",
					where, value);
				return -1;
			}
			*(int *)p = lvl;
			return 0;
		}
	}
	fprintf(stderr, "segwd: %s: unknown setting '%s' (see segwd.conf.example)\n",
		where, key);
	return -1;
}

int config_load_file(struct segwd_config *c, const char *path)
{
	char line[1024], where[PATH_MAX + 32];
	unsigned int n = 0;
	struct stat st;
	int err = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "segwd: cannot read config %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	/* A directory opens and reads as empty: it would pass as defaults. */
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "segwd: config %s is not a regular file\n", path);
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s, *eq, *hash;

		n++;
		snprintf(where, sizeof(where), "%s:%u", path, n);
		if (!strchr(line, '\n') && !feof(f)) {
			fprintf(stderr, "segwd: %s: line too long\n", where);
			err = -1;
			break;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		s = trim(line);
		if (!*s)
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			fprintf(stderr, "segwd: %s: expected 'key = value'\n", where);
			err = -1;
			continue;
		}
		*eq = '\0';
		if (config_set(c, trim(s), trim(eq + 1), where))
			err = -1;
	}
	fclose(f);
	return err;
}

/* Control characters (a newline above all) would add lines to pluto's files. */
static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * The secrets include must be a file of its own: segwd empties and rewrites
 * secrets_dir, and renames its temporary over secrets_file.
 */
static int check_secrets_paths(const struct segwd_config *c)
{
	size_t dl = strlen(c->secrets_dir);
	struct stat st;

	if (!strncmp(c->secrets_file, c->secrets_dir, dl) &&
	    (c->secrets_file[dl] == '\0' || c->secrets_file[dl] == '/')) {
		fprintf(stderr, "segwd: secrets_file %s must lie outside secrets_dir %s (segwd owns that directory's contents)\n",
			c->secrets_file, c->secrets_dir);
		return -1;
	}
	if (!stat(c->secrets_file, &st) && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "segwd: secrets_file %s exists and is not a regular file\n",
			c->secrets_file);
		return -1;
	}
	return 0;
}

int config_check(const struct segwd_config *c)
{
	const char *abs[] = { c->whack, c->rundir, c->secrets_file,
			      c->secrets_dir, c->notify_socket, c->notifier };
	int err = 0;

	for (size_t i = 0; i < sizeof(abs) / sizeof(abs[0]); i++) {
		if (abs[i][0] != '/') {
			fprintf(stderr, "segwd: '%s' must be an absolute path\n", abs[i]);
			err = -1;
		}
		if (strpbrk(abs[i], " '\"\\") || has_ctl(abs[i])) {
			fprintf(stderr, "segwd: path '%s' must not contain blanks, quotes or control characters\n", abs[i]);
			err = -1;
		}
	}
	if (check_secrets_paths(c))
		err = -1;
	if (strlen(c->notify_socket) >= 108) {
		fprintf(stderr, "segwd: notify_socket path is longer than a Unix socket allows (107)\n");
		err = -1;
	}
	if (!c->conn_prefix[0] || strspn(c->conn_prefix,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
	    strlen(c->conn_prefix)) {
		fprintf(stderr, "segwd: conn_prefix '%s' must be non-empty [A-Za-z0-9_-]\n",
			c->conn_prefix);
		err = -1;
	}
	if (strcmp(c->dpd_action, "clear") && strcmp(c->dpd_action, "hold") &&
	    strcmp(c->dpd_action, "restart")) {
		fprintf(stderr, "segwd: dpd_action '%s': use clear, hold or restart\n",
			c->dpd_action);
		err = -1;
	}
	if (!c->ike[0] || !c->esp[0] || strpbrk(c->ike, " '\"") ||
	    strpbrk(c->esp, " '\"") || has_ctl(c->ike) || has_ctl(c->esp)) {
		fprintf(stderr, "segwd: ike and esp must be non-empty proposal lists without blanks or control characters\n");
		err = -1;
	}
	if (c->local_id[0] && (strpbrk(c->local_id, " '\"#:") ||
				has_ctl(c->local_id))) {
		fprintf(stderr, "segwd: local_id must not contain blanks, control characters, quotes, '#' or ':'\n");
		err = -1;
	}
	if ((unsigned long)c->reqid_base + c->reqid_span - 1 > 16383) {
		fprintf(stderr, "segwd: reqid_base + reqid_span - 1 must be at most 16383 (pluto's manual reqids)\n");
		err = -1;
	}
	return err;
}

void config_dump(const struct segwd_config *c)
{
	log_debug("config: whack=%s rundir=%s secrets_file=%s secrets_dir=%s notify_socket=%s notifier=%s local_id=%s ike=%s esp=%s dpd=%u/%u/%s reqids=%u+%u",
		  c->whack, c->rundir, c->secrets_file, c->secrets_dir,
		  c->notify_socket, c->notifier,
		  c->local_id[0] ? c->local_id : "(SeGW address)", c->ike, c->esp,
		  c->dpd_delay, c->dpd_timeout, c->dpd_action, c->reqid_base,
		  c->reqid_span);
}
