/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/armcpu.h: the whole public API of libarmcpu.
 */
#pragma once

#include <armcpu/common.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>
#include <armcpu/value.h>
#include <armcpu/version.h>
