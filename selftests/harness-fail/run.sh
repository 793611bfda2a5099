#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A suite with one passing and one deliberately failing test (see settings).
. selftests/lib/tap.sh
tap_plan 2
tap_check "a test that passes" true
tap_check "a test that fails on purpose" false
tap_done
