/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-guest.c: libFuzzer target for guest CPU documents (<cpu> and
 * <domain> roots) and what consumes them: define-time validation, the
 * offline -cpu line, and validation, -cpu line and compare against the hosts
 * of tests/data/hostcaps (every dialect, both accelerators).
 *
 * Invariants: input that is not a guest document fails with an
 * ARMCPU_GUEST_ERROR; a document parsed without problems formats to one that
 * parses without problems and formats identically; a -cpu value exists
 * exactly when the report has no error, and is made of plain tokens only.
 * Seeds: the .xml files of tests/data/guest and examples.
 */
#include "fuzz-common.h"

static const char *const hosts[] = {"grace.xml", "sysreg.xml", "typed.xml", "qemu72-tcg.xml"};

static void
check_cmdline(const ArmcpuGuestCpu *cpu, const ArmcpuAccelCaps *acc)
{
    ArmcpuRegistry *reg = fuzz_registry();
    g_autoptr(ArmcpuReport) vreport = armcpu_report_new("fuzz.xml");
    g_autoptr(ArmcpuReport) creport = armcpu_report_new("fuzz.xml");
    g_autoptr(ArmcpuReport) kreport = armcpu_report_new("fuzz.xml");
    gboolean valid = armcpu_guest_cpu_validate(cpu, reg, acc, vreport);
    g_autofree char *arg = armcpu_guest_cpu_cmdline(cpu, reg, acc, creport);

    g_assert(valid == !armcpu_report_has_errors(vreport));
    g_assert((arg != NULL) == !armcpu_report_has_errors(creport));
    if (valid != (arg != NULL))
        g_error("validate says %s but cmdline %s", valid ? "valid" : "invalid",
                arg ? "gave a -cpu value" : "did not");
    if (arg)
        fuzz_check_cpu_arg(arg);
    fuzz_check_report(vreport);
    fuzz_check_report(creport);
    if (acc) {
        ArmcpuCompareResult r = armcpu_guest_cpu_compare(cpu, reg, acc, kreport);
        g_assert((unsigned)r < ARMCPU_COMPARE_LAST);
        fuzz_check_report(kreport);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new("fuzz.xml");
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu =
        armcpu_guest_cpu_parse_string((const char *)data, size, "fuzz.xml", report, &err);

    if (!cpu) {
        g_assert(err && err->domain == ARMCPU_GUEST_ERROR && err->message[0]);
        g_assert(armcpu_report_n_problems(report) == 0);
        return 0;
    }
    g_assert(err == NULL);
    fuzz_check_report(report);
    g_assert(armcpu_guest_cpu_n_features(cpu) <= ARMCPU_GUEST_MAX_FEATURES);
    for (guint i = 0; i < armcpu_guest_cpu_n_features(cpu); i++) {
        const ArmcpuGuestFeature *f = armcpu_guest_cpu_feature(cpu, i);
        g_assert(f->name);
        if (!f->invalid) {
            g_assert(fuzz_is_token(f->name, strlen(f->name)));
            g_assert(!f->value || fuzz_is_token(f->value, strlen(f->value)));
        }
    }

    /* parse(format(x)) formats identically for a document without problems */
    g_autofree char *once = armcpu_guest_cpu_format(cpu);
    if (!armcpu_report_has_errors(report)) {
        g_autoptr(ArmcpuReport) again_report = armcpu_report_new("again.xml");
        g_autoptr(ArmcpuGuestCpu) again =
            armcpu_guest_cpu_parse_string(once, strlen(once), "again.xml", again_report, &err);
        if (!again)
            g_error("formatted CPU does not parse: %s\n%s", err->message, once);
        if (armcpu_report_has_errors(again_report)) {
            g_autofree char *text = armcpu_report_format_text(again_report);
            g_error("formatted CPU has problems:\n%s%s", text, once);
        }
        g_autofree char *twice = armcpu_guest_cpu_format(again);
        if (strcmp(once, twice) != 0)
            g_error("format is not stable:\n%s\n----\n%s", once, twice);
    }

    check_cmdline(cpu, NULL);
    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        const ArmcpuHostCaps *caps = fuzz_host(hosts[h]);
        for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
            const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(caps, a);
            if (acc)
                check_cmdline(cpu, acc);
        }
    }
    return 0;
}
