/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-hostcaps-use.c: libFuzzer target for what consumes a host
 * capabilities document from another host (`--host FILE`, `baseline`):
 * domain capabilities, model ratings, validation and -cpu lines of the
 * example guests, a guest asking for every value the host lists, and the
 * baseline of the host with itself and with the Grace fixture.
 * (tests/hostcaps/fuzz-hostcaps-doc.c fuzzes the parser and format itself.)
 *
 * Invariants: every -cpu value is made of plain tokens, whatever names and
 * values the document carries; a baseline's guest validates and gives a
 * -cpu line on each of its hosts unless the report says why not.
 * Seeds: the .xml files of tests/data/hostcaps and examples/hosts.
 */
#include "fuzz-common.h"

static const char *const guests[] = {"guest-grace.xml", "guest-max-tcg.xml",
                                     "guest-named-model.xml", "guest-pinned.xml",
                                     "guest-sve-max-vq.xml"};

static const ArmcpuGuestCpu *
example_guest(guint i)
{
    static ArmcpuGuestCpu *cpus[G_N_ELEMENTS(guests)];

    if (!cpus[i]) {
        g_autofree char *path = g_build_filename(ARMCPU_SOURCE_ROOT, "examples", guests[i], NULL);
        g_autoptr(ArmcpuReport) report = armcpu_report_new(path);
        g_autoptr(GError) err = NULL;
        cpus[i] = armcpu_guest_cpu_parse_file(path, report, &err);
        if (!cpus[i])
            g_error("%s", err->message);
    }
    return cpus[i];
}

static void
cmdline(const ArmcpuGuestCpu *cpu, const ArmcpuAccelCaps *acc)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new("guest.xml");
    g_autoptr(ArmcpuReport) kreport = armcpu_report_new("guest.xml");
    g_autofree char *arg = armcpu_guest_cpu_cmdline(cpu, fuzz_registry(), acc, report);

    if (arg)
        fuzz_check_cpu_arg(arg);
    fuzz_check_report(report);
    (void)armcpu_guest_cpu_compare(cpu, fuzz_registry(), acc, kreport);
    fuzz_check_report(kreport);
}

/* A guest that asks for the host's own value (or its first supported one) of everything. */
static ArmcpuGuestCpu *
greedy_guest(const ArmcpuAccelCaps *acc)
{
    ArmcpuGuestCpu *cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_HOST_PASSTHROUGH);

    for (guint i = 0; i < armcpu_accel_caps_n_props(acc) && i < ARMCPU_GUEST_MAX_FEATURES; i++) {
        const ArmcpuPropInfo *pi = armcpu_accel_caps_prop(acc, i);
        const ArmcpuValueSet *set = armcpu_prop_info_supported(pi);
        const char *value = armcpu_prop_info_host_value(pi);

        if (!value && set && armcpu_value_set_size(set) > 0)
            value = armcpu_value_set_item(set, 0)->text;
        armcpu_guest_cpu_add_feature(cpu,
                                     i % 3 == 2 ? ARMCPU_FEATURE_OPTIONAL : ARMCPU_FEATURE_REQUIRE,
                                     armcpu_prop_info_name(pi), value);
    }
    return cpu;
}

static void
check_baseline(const ArmcpuAccelCaps *const *hosts, guint n)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);

    for (int want_model = 0; want_model <= 1; want_model++) {
        g_autoptr(ArmcpuGuestCpu) cpu =
            armcpu_baseline(hosts, n, fuzz_registry(), want_model, report);
        fuzz_check_report(report);
        if (!cpu)
            continue;
        g_autofree char *doc = armcpu_guest_cpu_format(cpu);
        g_assert(doc != NULL);
        for (guint i = 0; i < n; i++)
            cmdline(cpu, hosts[i]);
    }
}

static void
use(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc)
{
    ArmcpuRegistry *reg = fuzz_registry();
    g_autofree char *domcaps = armcpu_domcaps_format(caps, acc, reg);
    g_autofree char *domcaps_json = armcpu_domcaps_to_json(caps, acc, reg);
    g_autoptr(GPtrArray) ratings = armcpu_models_rate(reg, acc);
    g_autoptr(ArmcpuGuestCpu) greedy = greedy_guest(acc);
    const ArmcpuAccelCaps *grace =
        armcpu_host_caps_accel(fuzz_host("grace.xml"), armcpu_accel_caps_accel(acc));
    const ArmcpuAccelCaps *pair[2] = {acc, grace};

    g_assert(domcaps && domcaps_json);
    for (guint i = 0; i < ratings->len; i++) {
        const ArmcpuModelRating *r = g_ptr_array_index(ratings, i);
        g_auto(GStrv) blockers = armcpu_model_blockers(reg, acc, r->name);
        g_assert(blockers != NULL);
    }
    for (guint i = 0; i < G_N_ELEMENTS(guests); i++)
        cmdline(example_guest(i), acc);
    cmdline(greedy, acc);
    check_baseline(pair, 1);
    if (grace)
        check_baseline(pair, 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps =
        armcpu_host_caps_parse_string((const char *)data, size, "fuzz.xml", fuzz_registry(), &err);

    if (!caps) {
        g_assert(err && err->domain == ARMCPU_HOST_CAPS_ERROR);
        return 0;
    }
    for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
        const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(caps, a);
        if (acc)
            use(caps, acc);
    }
    return 0;
}
