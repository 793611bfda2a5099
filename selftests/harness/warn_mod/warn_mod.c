// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test of the test harness: a module whose load triggers a kernel WARN.
 * tools/vm/run must turn this into a failed run that shows the splat.
 * Never loaded outside selftests/harness.
 */

#include <linux/module.h>
#include <linux/bug.h>

static int __init lwip_segw_warn_init(void)
{
	WARN(1, "lwip_segw harness self-test: deliberate warning\n");
	return -EINVAL;
}

module_init(lwip_segw_warn_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lwip-segw test harness self-test: triggers a WARN on load");
