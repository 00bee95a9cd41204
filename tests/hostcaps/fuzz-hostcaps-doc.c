/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-hostcaps-doc.c: libFuzzer target for the host capabilities parser.
 * Any input either fails with an ARMCPU_HOST_CAPS_ERROR or parses; what
 * parses formats to a document that parses again and formats identically.
 * Seeds: the .xml files in tests/data/hostcaps.
 */
#include "qemu/hostcaps-priv.h"

#include <armcpu/armcpu.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ArmcpuRegistry *reg;
    g_autoptr(GError) err = NULL;

    if (!reg)
        reg = armcpu_registry_load_default(NULL);
    g_autoptr(ArmcpuHostCaps) caps =
        armcpu_host_caps_parse_string((const char *)data, size, "fuzz.xml", reg, &err);
    if (!caps) {
        g_assert(err && err->domain == ARMCPU_HOST_CAPS_ERROR);
        return 0;
    }
    g_autofree char *once = armcpu_host_caps_format(caps);
    g_autofree char *json = armcpu_host_caps_to_json(caps);
    g_assert(json && json[0] == '{');
    g_autoptr(ArmcpuHostCaps) again =
        armcpu_host_caps_parse_string(once, strlen(once), "again.xml", reg, &err);
    if (!again)
        g_error("formatted document does not parse: %s\n%s", err->message, once);
    g_autofree char *twice = armcpu_host_caps_format(again);
    if (strcmp(once, twice) != 0)
        g_error("format is not stable:\n%s\n----\n%s", once, twice);
    return 0;
}
