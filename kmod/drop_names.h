/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of the drop reasons (enum lwip_segw_drop), one list for the
 * module's log lines (uplink.c) and the tools' output (tools/lib/names.c):
 * an operator reading dmesg and `segwctl show` sees the same word. Include
 * it inside an array initializer after defining
 * LWIP_SEGW_DROP_NAME(reason, name); no include guard on purpose.
 */
LWIP_SEGW_DROP_NAME(NOT_ESTABLISHED, "not_established")
LWIP_SEGW_DROP_NAME(NOT_TUNNEL, "not_tunnel")
LWIP_SEGW_DROP_NAME(OUTER_DST, "outer_dst")
LWIP_SEGW_DROP_NAME(INNER_DST, "inner_dst")
LWIP_SEGW_DROP_NAME(INNER_SRC, "inner_src")
LWIP_SEGW_DROP_NAME(INNER_OUTER_MISMATCH, "inner_outer_mismatch")
LWIP_SEGW_DROP_NAME(NATT_OUTER_SRC, "natt_outer_src")
LWIP_SEGW_DROP_NAME(NOT_GRE, "not_gre")
LWIP_SEGW_DROP_NAME(DL_UNKNOWN_TEID, "dl_unknown_teid")
LWIP_SEGW_DROP_NAME(DL_WRONG_SOURCE, "dl_wrong_source")
LWIP_SEGW_DROP_NAME(DL_NOT_ESTABLISHED, "dl_not_established")
LWIP_SEGW_DROP_NAME(DL_INNER_SRC, "dl_inner_src")
LWIP_SEGW_DROP_NAME(DL_INNER_DST, "dl_inner_dst")
LWIP_SEGW_DROP_NAME(DL_NOT_GRE, "dl_not_gre")
LWIP_SEGW_DROP_NAME(DL_MALFORMED, "dl_malformed")
LWIP_SEGW_DROP_NAME(UL_NO_ROUTE, "ul_no_route")
LWIP_SEGW_DROP_NAME(DL_NO_ROUTE, "dl_no_route")
LWIP_SEGW_DROP_NAME(XWU_BYPASS, "xwu_bypass")
