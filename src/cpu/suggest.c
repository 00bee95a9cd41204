/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * suggest.c: "did you mean" for property names.
 */
#include "registry-priv.h"

#include <string.h>

/*
 * Edit distance between @a and @b where changing only the case of a letter
 * costs 1 and any other edit costs 3, so "feat_aes" is close to "feat_AES";
 * @cap + 1 as soon as it is known to exceed @cap (every name a hostile
 * document invents is compared with every registry name).
 */
static guint
distance(const char *a, const char *b, guint cap)
{
    gsize la = strlen(a), lb = strlen(b);
    g_autofree guint *prev = NULL;
    g_autofree guint *cur = NULL;

    if ((la > lb ? la - lb : lb - la) * 3 > cap)
        return cap + 1;
    prev = g_new(guint, lb + 1);
    cur = g_new(guint, lb + 1);
    for (gsize j = 0; j <= lb; j++)
        prev[j] = (guint)j * 3;
    for (gsize i = 1; i <= la; i++) {
        guint row_min;

        cur[0] = (guint)i * 3;
        row_min = cur[0];
        for (gsize j = 1; j <= lb; j++) {
            guint sub = a[i - 1] == b[j - 1]                                     ? 0
                        : g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 1
                                                                                 : 3;
            guint best = prev[j - 1] + sub;
            best = MIN(best, prev[j] + 3);
            best = MIN(best, cur[j - 1] + 3);
            cur[j] = best;
            row_min = MIN(row_min, best);
        }
        if (row_min > cap)
            return cap + 1; /* a row's minimum never decreases further down */
        guint *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *
armcpu_registry_suggest(const ArmcpuRegistry *reg, const char *name)
{
    GHashTableIter it;
    gpointer key;
    const char *best = NULL;
    guint best_d = G_MAXUINT;
    guint limit = MAX(3u, (guint)strlen(name)); /* a third of the length, in cost 3 edits */

    if (strlen(name) > ARMCPU_TOKEN_MAX)
        return NULL;
    g_hash_table_iter_init(&it, reg->by_name);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        guint d = distance(name, key, MIN(limit, best_d));
        if (d < best_d || (d == best_d && best && strcmp(key, best) < 0)) {
            best_d = d;
            best = key;
        }
    }
    return best_d > 0 && best_d <= limit ? best : NULL;
}
