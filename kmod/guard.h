/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEC-7 guard: nothing reaches an eNB's Xw-U endpoint through this
 * netns except the relay.
 */
#ifndef _LWIP_SEGW_GUARD_H
#define _LWIP_SEGW_GUARD_H

int lwip_segw_guard_init(void);
void lwip_segw_guard_exit(void);

#endif /* _LWIP_SEGW_GUARD_H */
