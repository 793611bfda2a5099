/* SPDX-License-Identifier: GPL-2.0 */
/* segwd settings: defaults, the config file, command-line overrides. */
#ifndef SEGWD_CONFIG_H
#define SEGWD_CONFIG_H

#include <limits.h>

struct segwd_config {
	char whack[PATH_MAX];		/* whack binary */
	char rundir[PATH_MAX];		/* pluto's --rundir (pluto.ctl, pluto.pid) */
	char secrets_file[PATH_MAX];	/* pluto's --secretsfile, written by segwd */
	char secrets_dir[PATH_MAX];	/* per-UE PSK files, tmpfs, 0700 */
	char notify_socket[PATH_MAX];	/* where the updown notifier reaches segwd */
	char notifier[PATH_MAX];	/* the notifier binary given to pluto */
	char local_id[256];		/* SeGW IKE ID; empty: its address */
	char conn_prefix[32];		/* pluto connection names: prefix + UE id */
	char ike[256];			/* IKE proposals (DESIGN 5.4) */
	char esp[256];			/* ESP proposals (DESIGN 5.4) */
	char dpd_action[16];		/* clear | hold | restart */
	unsigned int dpd_delay;		/* s, 0 = liveness off */
	unsigned int dpd_timeout;	/* s */
	unsigned int ike_lifetime;	/* s */
	unsigned int ipsec_lifetime;	/* s */
	unsigned int reqid_base;	/* manual reqids: base .. base+span-1 */
	unsigned int reqid_span;
	unsigned int notify_timeout_ms;	/* the notifier's wait for a verdict */
	unsigned int whack_timeout_ms;	/* one whack call */
	unsigned int batch_ms;		/* gather UE requests this long */
	unsigned int pluto_poll_ms;	/* pluto liveness check period */
	int log_level;
};

extern struct segwd_config cfg;

void config_defaults(struct segwd_config *c);
/* Both return 0, or -1 after printing what is wrong to stderr. */
int config_load_file(struct segwd_config *c, const char *path);
int config_set(struct segwd_config *c, const char *key, const char *value,
	       const char *where);
int config_check(const struct segwd_config *c);
void config_dump(const struct segwd_config *c);

#endif
