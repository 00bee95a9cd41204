/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-labels.c: host capabilities as Kubernetes-style node labels
 * (armcpu/labels.h), on the example host documents. Public API only: it
 * links the shared library.
 *
 * usage: test-labels EXAMPLES_DIR   (with $ARMCPU_DATA_DIR set, as meson test does)
 */
#include <armcpu/armcpu.h>

#include <string.h>

static const char *examples_dir;

static const char *const hosts[] = {"altra.xml", "grace-sysreg.xml", "grace-typed.xml", "grace.xml",
                                    "graviton3.xml"};

static ArmcpuRegistry *
registry(void)
{
    g_autoptr(GError) err = NULL;
    ArmcpuRegistry *reg = armcpu_registry_load_default(&err);

    g_assert_no_error(err);
    return reg;
}

static ArmcpuHostCaps *
host(const ArmcpuRegistry *reg, const char *name)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *path = g_build_filename(examples_dir, "hosts", name, NULL);
    ArmcpuHostCaps *caps = armcpu_host_caps_parse_file(path, reg, &err);

    g_assert_no_error(err);
    return caps;
}

static char *
labels_of(const char *name, const char *prefix)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps = host(reg, name);
    g_autoptr(GError) err = NULL;
    char *text = armcpu_host_caps_to_labels(caps, NULL, prefix, &err);

    g_assert_no_error(err);
    g_assert_nonnull(text);
    return text;
}

/* The labels as name -> value (prefix stripped; comment lines left out). */
static GHashTable *
label_table(const char *text, const char *prefix)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autofree char *lead = g_strconcat(prefix, "/", NULL);

    for (guint i = 0; lines[i]; i++) {
        const char *l = lines[i];
        const char *eq;
        if (!*l || l[0] == '#')
            continue;
        g_assert_true(g_str_has_prefix(l, lead));
        eq = strchr(l, '=');
        g_assert_nonnull(eq);
        g_hash_table_insert(t, g_strndup(l + strlen(lead), eq - l - strlen(lead)),
                            g_strdup(eq + 1));
    }
    return t;
}

static void
assert_label(GHashTable *t, const char *name, const char *value)
{
    const char *v = g_hash_table_lookup(t, name);

    if (g_strcmp0(v, value) != 0)
        g_error("label %s: expected %s, got %s", name, value, v ? v : "(none)");
}

static void
test_enum_lists_every_supported_value(void)
{
    g_autofree char *text = labels_of("grace.xml", NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "feat_AES.off", "true");
    assert_label(t, "feat_AES.aes", "true");
    assert_label(t, "feat_AES.pmull", "true");
    assert_label(t, "sve.off", "true");
    assert_label(t, "sve.on", "true");
    g_assert_false(g_hash_table_contains(t, "feat_AES.sha3"));
}

static void
test_number_range_gives_its_bounds(void)
{
    g_autofree char *text = labels_of("grace.xml", NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "hw_prop_WRPs.min", "0");
    assert_label(t, "hw_prop_WRPs.max", "3");
    /* a single hexadecimal value is one interval too, written in decimal */
    assert_label(t, "cpu_partnum.min", "3407");
    assert_label(t, "cpu_partnum.max", "3407");
}

static void
test_section_is_labelled(void)
{
    g_autofree char *text = labels_of("grace.xml", NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "accel", "kvm");
    assert_label(t, "dialect", "named");
    assert_label(t, "qemu-version", "7.2.22");
    g_assert_true(g_str_has_prefix(text, "cpu.armcpu.io/accel=kvm\n"));
}

static void
test_named_host_is_labelled_in_sysreg_dialect_too(void)
{
    g_autofree char *text = labels_of("grace.xml", NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "SYSREG_ID_AA64ISAR0_EL1_AES.min", "0");
    assert_label(t, "SYSREG_ID_AA64ISAR0_EL1_AES.max", "2");
}

static void
test_sysreg_host_is_labelled_in_named_dialect_too(void)
{
    g_autofree char *text = labels_of("grace-sysreg.xml", NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "dialect", "sysreg");
    assert_label(t, "SYSREG_ID_AA64ISAR0_EL1_AES.max", "2");
    assert_label(t, "feat_AES.off", "true");
    assert_label(t, "feat_AES.aes", "true");
    assert_label(t, "feat_AES.pmull", "true");
}

static void
test_fractional_value_needs_both_fields(void)
{
    g_autofree char *text = labels_of("grace-sysreg.xml", NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    /* CSV2 0-1 and CSV2_frac 0: 0.0 and 1.0, but no 1.1 */
    assert_label(t, "feat_CSV2.0.0", "true");
    assert_label(t, "feat_CSV2.1.0", "true");
    g_assert_false(g_hash_table_contains(t, "feat_CSV2.1.1"));
}

static void
test_kvm_fixed_field_offers_only_the_host_value(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(GError) err = NULL;
    /* RAS is not writable under KVM: a derived set 0-2 still means only 2 */
    const char *doc = "<hostCapabilities format='1'><armcpu version='0.1.0'/>"
                      "<emulator path='/usr/bin/qemu-system-aarch64' size='1' ctime='0.000000000' "
                      "mtime='0.000000000'><qemu version='7.2.22'/></emulator>"
                      "<host arch='aarch64' kernel='6.8' kvm='yes'/>"
                      "<accel type='kvm' dialect='sysreg'><commands/><models/>"
                      "<cpuPropertyInfo>"
                      "<property name='SYSREG_ID_AA64PFR0_EL1_RAS' type='number' source='derived' "
                      "hostValue='2'><range min='0' max='2'/></property>"
                      "<property name='SYSREG_ID_AA64ISAR0_EL1_AES' type='number' source='derived' "
                      "hostValue='2'><range min='0' max='2'/></property>"
                      "</cpuPropertyInfo></accel></hostCapabilities>";
    g_autoptr(ArmcpuHostCaps) caps =
        armcpu_host_caps_parse_string(doc, strlen(doc), "fixed.xml", reg, &err);
    g_autofree char *text = NULL;
    g_autoptr(GHashTable) t = NULL;

    g_assert_no_error(err);
    text = armcpu_host_caps_to_labels(caps, NULL, NULL, &err);
    g_assert_no_error(err);
    t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);
    assert_label(t, "SYSREG_ID_AA64PFR0_EL1_RAS.min", "2");
    assert_label(t, "SYSREG_ID_AA64PFR0_EL1_RAS.max", "2");
    assert_label(t, "SYSREG_ID_AA64ISAR0_EL1_AES.min", "0");
}

/* A document with one accelerator section holding @props (property elements). */
static ArmcpuHostCaps *
doc_with(const ArmcpuRegistry *reg, const char *accel, const char *props)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *doc = g_strdup_printf(
        "<hostCapabilities format='1'><armcpu version='0.1.0'/>"
        "<emulator path='/usr/bin/qemu-system-aarch64' size='1' ctime='0.000000000' "
        "mtime='0.000000000'><qemu version='7.2.22'/></emulator>"
        "<host arch='aarch64' kernel='6.8' kvm='yes'/>"
        "<accel type='%s' dialect='qemu'><commands/><models/>"
        "<cpuPropertyInfo>%s</cpuPropertyInfo></accel></hostCapabilities>",
        accel, props);
    ArmcpuHostCaps *caps = armcpu_host_caps_parse_string(doc, strlen(doc), "t.xml", reg, &err);

    g_assert_no_error(err);
    return caps;
}

static void
test_number_set_with_holes_gets_one_label_per_value(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps =
        doc_with(reg, "tcg",
                 "<property name='x-vq' type='number'><value>1</value><value>3</value>"
                 "<range min='5' max='6'/></property>");
    g_autofree char *text = armcpu_host_caps_to_labels(caps, NULL, NULL, NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "x-vq.1", "true");
    assert_label(t, "x-vq.3", "true");
    assert_label(t, "x-vq.5", "true");
    assert_label(t, "x-vq.6", "true");
    g_assert_false(g_hash_table_contains(t, "x-vq.2"));
    g_assert_false(g_hash_table_contains(t, "x-vq.min"));
}

static void
test_huge_number_set_with_holes_is_skipped_with_a_note(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps =
        doc_with(reg, "tcg",
                 "<property name='x-big' type='number'><range min='0' max='100'/>"
                 "<value>200</value></property>");
    g_autofree char *text = armcpu_host_caps_to_labels(caps, NULL, NULL, NULL);

    g_assert_null(strstr(text, "/x-big."));
    g_assert_nonnull(strstr(text, "\n# x-big: 0-100, 200 has holes and over 64 values; "
                                  "not labelled\n"));
}

static void
test_adjacent_ranges_merge_into_one_interval(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps =
        doc_with(reg, "tcg",
                 "<property name='x-n' type='number'><range min='4' max='7'/>"
                 "<value>3</value><range min='0' max='2'/></property>");
    g_autofree char *text = armcpu_host_caps_to_labels(caps, NULL, NULL, NULL);
    g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);

    assert_label(t, "x-n.min", "0");
    assert_label(t, "x-n.max", "7");
}

static void
test_unrepresentable_name_is_mapped_with_a_note(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps =
        doc_with(reg, "tcg", "<property name='x-s' type='string'><value>odd_</value></property>");
    g_autofree char *text = armcpu_host_caps_to_labels(caps, NULL, NULL, NULL);
    g_autofree char *mapped = armcpu_label_name("x-s", "odd_");
    g_autofree char *line = g_strdup_printf("cpu.armcpu.io/%s=true\n", mapped);
    g_autofree char *why =
        g_strdup_printf("# cpu.armcpu.io/%s stands for x-s.odd_ (name mapped", mapped);

    g_assert_nonnull(strstr(text, line));
    g_assert_nonnull(strstr(text, why));
}

static void
test_empty_supported_set_is_noted(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps = doc_with(reg, "tcg", "<property name='x-e' type='string'/>");
    g_autofree char *text = armcpu_host_caps_to_labels(caps, NULL, NULL, NULL);

    g_assert_nonnull(strstr(text, "# x-e: no supported value; not labelled\n"));
}

static void
test_name_keeps_valid_names(void)
{
    g_autofree char *a = armcpu_label_name("feat_AES", "pmull");
    g_autofree char *b = armcpu_label_name("feat_RAS", "1.1_base");
    g_autofree char *c = armcpu_label_name("sve-max-vq", NULL);

    g_assert_cmpstr(a, ==, "feat_AES.pmull");
    g_assert_cmpstr(b, ==, "feat_RAS.1.1_base");
    g_assert_cmpstr(c, ==, "sve-max-vq");
}

static gboolean
is_valid_name(const char *s)
{
    return g_regex_match_simple("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", s, 0, 0);
}

static void
test_name_maps_long_names_with_a_hash(void)
{
    const char *p = "SYSREG_ID_AA64SOMEVERYLONGREGISTERNAME_EL1_AND_A_LONGER_FIELD_NAME";
    g_autofree char *a = armcpu_label_name(p, "min");
    g_autofree char *b = armcpu_label_name(p, "max");
    g_autofree char *again = armcpu_label_name(p, "min");

    g_assert_true(is_valid_name(a));
    g_assert_true(is_valid_name(b));
    g_assert_cmpuint(strlen(a), ==, 63);
    g_assert_cmpstr(a, ==, again);
    g_assert_cmpstr(a, !=, b);
    g_assert_true(g_str_has_prefix(a, "SYSREG_ID_AA64SOMEVERYLONGREGISTERNAME_EL1_AND_A_LON-"));
}

static void
test_name_maps_bad_ends(void)
{
    g_autofree char *a = armcpu_label_name("_x", "on");
    g_autofree char *b = armcpu_label_name("x", "v-");
    g_autofree char *c = armcpu_label_name("__", "__");

    g_assert_true(is_valid_name(a));
    g_assert_true(g_str_has_prefix(a, "x.on-"));
    g_assert_true(is_valid_name(b));
    g_assert_true(g_str_has_prefix(b, "x.v-"));
    g_assert_cmpuint(strlen(b), ==, strlen("x.v-") + 10);
    g_assert_true(is_valid_name(c));
    g_assert_cmpuint(strlen(c), ==, 10);
}

static void
test_prefix_must_be_a_dns_subdomain(void)
{
    static const char *const bad[] = {"",   "Cpu.io", "-a.io", "a-.io", "a..io",
                                      ".a", "a.",     "a_b",   "a/b",   "a b"};
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps = host(reg, "grace.xml");
    g_autofree char *long_label = g_strnfill(64, 'a');
    g_autofree char *too_long = NULL;
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        char *text = armcpu_host_caps_to_labels(caps, NULL, bad[i], &err);
        g_assert_null(text);
        g_assert_error(err, ARMCPU_LABELS_ERROR, ARMCPU_LABELS_ERROR_PREFIX);
    }
    {
        g_autoptr(GError) err = NULL;
        g_assert_null(armcpu_host_caps_to_labels(caps, NULL, long_label, &err));
        g_assert_error(err, ARMCPU_LABELS_ERROR, ARMCPU_LABELS_ERROR_PREFIX);
    }
    while (s->len < 254)
        g_string_append(s, "abcdefg.");
    g_string_truncate(s, 254);
    s->str[253] = 'z';
    too_long = g_string_free(s, FALSE);
    {
        g_autoptr(GError) err = NULL;
        g_assert_null(armcpu_host_caps_to_labels(caps, NULL, too_long, &err));
        g_assert_error(err, ARMCPU_LABELS_ERROR, ARMCPU_LABELS_ERROR_PREFIX);
    }
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_assert_false(armcpu_label_prefix_check(bad[i], &err));
        g_assert_error(err, ARMCPU_LABELS_ERROR, ARMCPU_LABELS_ERROR_PREFIX);
    }
    g_assert_true(armcpu_label_prefix_check("cpu.armcpu.io", NULL));
    g_assert_true(armcpu_label_prefix_check("a", NULL));
    {
        g_autoptr(GError) err = NULL;
        g_autofree char *ok = armcpu_host_caps_to_labels(caps, NULL, "node.example-1.com", &err);
        g_assert_no_error(err);
        g_assert_true(g_str_has_prefix(ok, "node.example-1.com/accel=kvm\n"));
    }
}

static void
test_every_line_fits_kubernetes_syntax(void)
{
    g_autoptr(GRegex) line =
        g_regex_new("^cpu\\.armcpu\\.io/([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)="
                    "(([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)$",
                    0, 0, NULL);

    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        g_autofree char *text = labels_of(hosts[h], NULL);
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
        guint n = 0;
        for (guint i = 0; lines[i]; i++) {
            if (!*lines[i] || lines[i][0] == '#')
                continue;
            if (!g_regex_match(line, lines[i], 0, NULL))
                g_error("%s: not a valid label: %s", hosts[h], lines[i]);
            /* each name once */
            *strchr(lines[i], '=') = '\0';
            g_assert_true(g_hash_table_add(names, lines[i]));
            n++;
        }
        g_assert_cmpuint(n, >, 100);
    }
}

static void
test_output_is_deterministic(void)
{
    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        g_autofree char *a = labels_of(hosts[h], NULL);
        g_autofree char *b = labels_of(hosts[h], NULL);
        g_assert_cmpstr(a, ==, b);
    }
}

static void
test_given_section_is_labelled(void)
{
    g_autoptr(ArmcpuRegistry) reg = registry();
    g_autoptr(ArmcpuHostCaps) caps = doc_with(reg, "tcg", "");
    const ArmcpuAccelCaps *tcg = armcpu_host_caps_accel(caps, ARMCPU_ACCEL_TCG);
    g_autoptr(GError) err = NULL;
    g_autofree char *text = armcpu_host_caps_to_labels(caps, tcg, NULL, &err);

    g_assert_no_error(err);
    g_assert_true(g_str_has_prefix(text, "cpu.armcpu.io/accel=tcg\n"));
}

/* ----- a scheduler's view: labels select the hosts validation accepts ----- */

/* The value a guest feature asks for, in label form; NULL when it asks nothing. */
static char *
wanted_value(const ArmcpuRegistry *reg, const ArmcpuGuestFeature *f)
{
    const ArmcpuProp *p = armcpu_registry_lookup(reg, f->name);
    gboolean b;
    guint64 n;

    if (f->policy == ARMCPU_FEATURE_OPTIONAL)
        return NULL;
    if (f->policy == ARMCPU_FEATURE_DISABLE || f->policy == ARMCPU_FEATURE_FORBID)
        return g_strdup("off");
    if (!f->value)
        return g_strdup("on");
    if (p && armcpu_prop_kind(p) == ARMCPU_KIND_BOOL && armcpu_bool_parse(f->value, &b, NULL))
        return g_strdup(armcpu_bool_to_string(b));
    if (p && armcpu_prop_kind(p) == ARMCPU_KIND_NUMBER && armcpu_number_parse(f->value, &n, NULL))
        return g_strdup_printf("%" G_GUINT64_FORMAT, n);
    return g_strdup(f->value);
}

/* Does a node with labels @t satisfy P=V (label P.V=true, or P.min <= V <= P.max)? */
static gboolean
node_offers(GHashTable *t, const char *prop, const char *value)
{
    g_autofree char *name = armcpu_label_name(prop, value);
    g_autofree char *lo_name = armcpu_label_name(prop, "min");
    g_autofree char *hi_name = armcpu_label_name(prop, "max");
    const char *lo = g_hash_table_lookup(t, lo_name);
    const char *hi = g_hash_table_lookup(t, hi_name);
    guint64 v, a, b;

    if (g_strcmp0(g_hash_table_lookup(t, name), "true") == 0)
        return TRUE;
    return lo && hi && armcpu_number_parse(value, &v, NULL) && armcpu_number_parse(lo, &a, NULL) &&
           armcpu_number_parse(hi, &b, NULL) && a <= v && v <= b;
}

static void
test_guest_values_select_the_hosts_that_validate_them(void)
{
    static const char *const guests[] = {"guest-grace.xml", "guest-pinned.xml",
                                         "guest-sve-max-vq.xml", "guest-max-tcg.xml",
                                         "domain-grace.xml"};
    g_autoptr(ArmcpuRegistry) reg = registry();
    guint accepted = 0, refused = 0;

    for (guint g = 0; g < G_N_ELEMENTS(guests); g++) {
        g_autofree char *gpath = g_build_filename(examples_dir, guests[g], NULL);
        g_autoptr(ArmcpuReport) parse_report = armcpu_report_new(gpath);
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_file(gpath, parse_report, &err);

        g_assert_no_error(err);
        for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
            g_autoptr(ArmcpuHostCaps) caps = host(reg, hosts[h]);
            const ArmcpuAccelCaps *acc = armcpu_host_caps_pick_accel(caps, ARMCPU_ACCEL_LAST, NULL);
            g_autofree char *text = armcpu_host_caps_to_labels(caps, acc, NULL, NULL);
            g_autoptr(GHashTable) t = label_table(text, ARMCPU_LABELS_DEFAULT_PREFIX);
            g_autoptr(ArmcpuReport) report = armcpu_report_new(gpath);
            gboolean valid = armcpu_guest_cpu_validate(cpu, reg, acc, report);
            gboolean selected = TRUE;

            for (guint i = 0; i < armcpu_guest_cpu_n_features(cpu); i++) {
                const ArmcpuGuestFeature *f = armcpu_guest_cpu_feature(cpu, i);
                g_autofree char *v = wanted_value(reg, f);
                if (v && !node_offers(t, f->name, v))
                    selected = FALSE;
            }
            if (selected != valid)
                g_error("%s on %s: labels %s it, validation says %s", guests[g], hosts[h],
                        selected ? "select" : "refuse", valid ? "valid" : "invalid");
            if (valid)
                accepted++;
            else
                refused++;
        }
    }
    /* both answers occur, so the agreement means something */
    g_assert_cmpuint(accepted, >, 0);
    g_assert_cmpuint(refused, >, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    examples_dir = argc > 1 ? argv[1] : "examples";

    g_test_add_func("/labels/enum-lists-every-supported-value",
                    test_enum_lists_every_supported_value);
    g_test_add_func("/labels/number-range-gives-its-bounds", test_number_range_gives_its_bounds);
    g_test_add_func("/labels/section-is-labelled", test_section_is_labelled);
    g_test_add_func("/labels/named-host-is-labelled-in-sysreg-dialect-too",
                    test_named_host_is_labelled_in_sysreg_dialect_too);
    g_test_add_func("/labels/sysreg-host-is-labelled-in-named-dialect-too",
                    test_sysreg_host_is_labelled_in_named_dialect_too);
    g_test_add_func("/labels/fractional-value-needs-both-fields",
                    test_fractional_value_needs_both_fields);
    g_test_add_func("/labels/kvm-fixed-field-offers-only-the-host-value",
                    test_kvm_fixed_field_offers_only_the_host_value);
    g_test_add_func("/labels/number-set-with-holes-gets-one-label-per-value",
                    test_number_set_with_holes_gets_one_label_per_value);
    g_test_add_func("/labels/huge-number-set-with-holes-is-skipped-with-a-note",
                    test_huge_number_set_with_holes_is_skipped_with_a_note);
    g_test_add_func("/labels/adjacent-ranges-merge-into-one-interval",
                    test_adjacent_ranges_merge_into_one_interval);
    g_test_add_func("/labels/unrepresentable-name-is-mapped-with-a-note",
                    test_unrepresentable_name_is_mapped_with_a_note);
    g_test_add_func("/labels/empty-supported-set-is-noted", test_empty_supported_set_is_noted);
    g_test_add_func("/labels/given-section-is-labelled", test_given_section_is_labelled);
    g_test_add_func("/labels/name/keeps-valid-names", test_name_keeps_valid_names);
    g_test_add_func("/labels/name/maps-long-names-with-a-hash",
                    test_name_maps_long_names_with_a_hash);
    g_test_add_func("/labels/name/maps-bad-ends", test_name_maps_bad_ends);
    g_test_add_func("/labels/prefix/must-be-a-dns-subdomain", test_prefix_must_be_a_dns_subdomain);
    g_test_add_func("/labels/every-line-fits-kubernetes-syntax",
                    test_every_line_fits_kubernetes_syntax);
    g_test_add_func("/labels/output-is-deterministic", test_output_is_deterministic);
    g_test_add_func("/labels/guest-values-select-the-hosts-that-validate-them",
                    test_guest_values_select_the_hosts_that_validate_them);
    return g_test_run();
}
