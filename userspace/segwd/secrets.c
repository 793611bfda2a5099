// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "secrets.h"

#define SUFFIX ".secrets"

static void hex(char *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

/* Writes buf to path atomically, mode 0600; wipes nothing (callers do). */
static int write_file(const char *path, const char *buf, size_t len)
{
	char tmp[PATH_MAX + 8];
	ssize_t w;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_err("cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	w = write(fd, buf, len);
	if (w != (ssize_t)len || close(fd)) {
		log_err("cannot write %s: %s", tmp, w < 0 ? strerror(errno) : "short write");
		if (w == (ssize_t)len)
			fd = -1;
		else
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		log_err("cannot rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int secrets_init(void)
{
	char buf[PATH_MAX + 256], catchall[65];
	uint8_t rnd[32];
	struct stat st;
	int n;

	if (mkdir(cfg.secrets_dir, 0700) && errno != EEXIST) {
		log_err("cannot create secrets_dir %s: %s", cfg.secrets_dir, strerror(errno));
		return -1;
	}
	if (stat(cfg.secrets_dir, &st) || !S_ISDIR(st.st_mode)) {
		log_err("secrets_dir %s is not a directory", cfg.secrets_dir);
		return -1;
	}
	if ((st.st_mode & 077) && chmod(cfg.secrets_dir, 0700)) {
		log_err("cannot chmod 0700 %s: %s", cfg.secrets_dir, strerror(errno));
		return -1;
	}
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		log_err("getrandom: %s", strerror(errno));
		return -1;
	}
	hex(catchall, rnd, sizeof(rnd));
	explicit_bzero(rnd, sizeof(rnd));
	/* The catch-all comes first; the include pulls every UE's line. */
	n = snprintf(buf, sizeof(buf),
		     "# Written by segwd at start; do not edit.\n"
		     ": PSK 0x%s\n"
		     "include %s/*" SUFFIX "\n", catchall, cfg.secrets_dir);
	explicit_bzero(catchall, sizeof(catchall));
	if (n < 0 || n >= (int)sizeof(buf) ||
	    write_file(cfg.secrets_file, buf, (size_t)n)) {
		explicit_bzero(buf, sizeof(buf));
		return -1;
	}
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

const char *secrets_local_id(const struct ue *ue, char *buf, size_t len)
{
	if (cfg.local_id[0])
		return cfg.local_id;
	return inet_ntop(AF_INET, &ue->segw, buf, (socklen_t)len);
}

static void ue_path(const struct ue *ue, char *path, size_t len)
{
	strfmt(path, len, "%s/%s" SUFFIX, cfg.secrets_dir, ue->name);
}

int secrets_write(struct ue *ue)
{
	char path[PATH_MAX], line[1024], lid[64], psk[2 * LWIP_SEGW_PSK_LEN + 1];
	int n, err;

	if (!ue->have_psk) {
		log_err("UE %u: no PSK to write", ue->id);
		return -1;
	}
	ue_path(ue, path, sizeof(path));
	hex(psk, ue->psk, LWIP_SEGW_PSK_LEN);
	/* Two IDs: only this UE's IDi against our ID selects this PSK. */
	n = snprintf(line, sizeof(line), "%s %s : PSK 0x%s\n",
		     secrets_local_id(ue, lid, sizeof(lid)), ue->remote_id, psk);
	explicit_bzero(psk, sizeof(psk));
	err = (n < 0 || n >= (int)sizeof(line)) ? -1 :
	      write_file(path, line, (size_t)n);
	explicit_bzero(line, sizeof(line));
	if (!err) {
		ue->psk_written = true;
		log_debug("UE %u: PSK file %s written", ue->id, path);
	}
	return err;
}

int secrets_remove(struct ue *ue)
{
	char path[PATH_MAX];

	ue_path(ue, path, sizeof(path));
	if (unlink(path) && errno != ENOENT) {
		log_err("UE %u: cannot remove %s: %s", ue->id, path, strerror(errno));
		return -1;
	}
	ue->psk_written = false;
	log_debug("UE %u: PSK file removed", ue->id);
	return 0;
}

void secrets_remove_stray(void)
{
	size_t plen = strlen(cfg.conn_prefix), slen = strlen(SUFFIX);
	char path[PATH_MAX], name[UE_NAME_MAX];
	struct dirent *de;
	DIR *d;

	d = opendir(cfg.secrets_dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct ue *u;

		if (len <= slen || len - slen >= sizeof(name) ||
		    strcmp(de->d_name + len - slen, SUFFIX))
			continue;
		memcpy(name, de->d_name, len - slen);
		name[len - slen] = '\0';
		if (strncmp(name, cfg.conn_prefix, plen))
			continue;
		u = ue_find_name(name);
		if (u && u->psk_written)
			continue;
		strfmt(path, sizeof(path), "%s/%s", cfg.secrets_dir, de->d_name);
		if (!unlink(path))
			log_info("removed stray PSK file %s", de->d_name);
	}
	closedir(d);
}
