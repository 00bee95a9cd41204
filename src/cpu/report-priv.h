/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <armcpu/report.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* The problems as a new JSON array (owned by the caller). */
json_object *armcpu_report_to_json_object(const ArmcpuReport *report);

G_END_DECLS
