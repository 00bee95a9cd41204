/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/armcpu.h: the whole public API of libarmcpu.
 */
#pragma once

#include <armcpu/baseline.h>
#include <armcpu/common.h>
#include <armcpu/compare.h>
#include <armcpu/domcaps.h>
#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/labels.h>
#include <armcpu/libvirt.h>
#include <armcpu/models.h>
#include <armcpu/probe.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>
#include <armcpu/validate.h>
#include <armcpu/value.h>
#include <armcpu/verify.h>
#include <armcpu/version.h>
