/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PSK store pluto reads (DESIGN 5.2, 5.3): one 0600 file per UE in a
 * tmpfs directory, included by the secrets file pluto was started with,
 * which also holds a random catch-all PSK so that a PSK connection never
 * finds no secret (CVE-2024-2357).
 */
#ifndef SEGWD_SECRETS_H
#define SEGWD_SECRETS_H

#include "ue.h"

int secrets_init(void);
/* The SeGW's IKE ID as written in secrets lines and given to whack. */
const char *secrets_local_id(const struct ue *ue, char *buf, size_t len);
int secrets_write(struct ue *ue);
int secrets_remove(struct ue *ue);
/* Removes per-UE files whose UE is not in the model. */
void secrets_remove_stray(void);

#endif
