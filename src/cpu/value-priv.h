/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * value-priv.h: value helpers shared inside the library.
 */
#pragma once

#include <armcpu/value.h>

G_BEGIN_DECLS

/*
 * @text in single quotes for an error message, C-escaped (so control bytes,
 * quotes and non-ASCII show as escapes) and cut after 80 bytes.
 */
char *armcpu_quote(const char *text);

G_END_DECLS
