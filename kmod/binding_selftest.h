/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LWIP_SEGW_BINDING_SELFTEST_H
#define _LWIP_SEGW_BINDING_SELFTEST_H

#ifdef LWIP_SEGW_DEBUG
int lwip_segw_binding_selftest(void);
#else
static inline int lwip_segw_binding_selftest(void)
{
	return 0;
}
#endif

#endif /* _LWIP_SEGW_BINDING_SELFTEST_H */
