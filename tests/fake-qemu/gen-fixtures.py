#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write the synthesised host fixtures tests/data/qemu/*.json for fake-qemu.

usage: gen-fixtures.py [--properties PATH] [--out DIR]

Inputs: the machine-readable property facts (arm-properties.json from the
project's shared reference directory; pass --properties when it lives
elsewhere) and the real QEMU 7.2 transcripts committed in tests/data/qemu-7.2/.
The output is committed; the tests never run this script. Python 3 stdlib only.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
TRANSCRIPTS = os.path.join(REPO, "tests", "data", "qemu-7.2")
DEFAULT_PROPS = os.path.normpath(
    os.path.join(REPO, "..", "shared", "reference", "arm-properties.json"))

SVE_BITS = [128 * vq for vq in range(1, 17)]

# Host values for properties that the named-model chain (grace-v1,
# graviton3-v1) does not set, and the whole of Ampere Altra, which has no
# model in the chain. Dialect-1 spellings. Every choice here is a plausible
# reading of the public core descriptions, NOT read from a real host: see
# UNCONFIRMED below. Properties named nowhere take raw value 0.
HOSTS = {
    "grace": {
        "title": "NVIDIA Grace (Neoverse V2)",
        "midr": 0x410FD4F0,
        "chain": "grace-v1",
        "sve": [128],
        "pauth": True,
        "pmu": True,
        "extra": {
            "feat_RNDR": "off",
            "hw_prop_APA": "fpaccombine", "hw_prop_API": "off",
            "hw_prop_GPA": "on", "hw_prop_GPI": "off",
            "el0_mode": "aarch64",
            "feat_SSBS": "ssbs2",
            "hw_prop_SVEVer": "sve2", "feat_SVE_AES": "pmull128", "feat_SVE_BITPERM": "on",
            "feat_SVE_BFLOAT16": "on", "feat_SVE_SHA3": "on", "feat_SVE_SM4": "on",
            "feat_SVE_I8MM": "on",
            "feat_CNP": "on", "hw_prop_VARANGE": "48", "hw_prop_DZP": "false",
            "cpu_aidr": "0x0",
        },
        "unconfirmed": "RNDR off (no rng hwcap assumed), PAuth APA=fpaccombine with "
                       "GPA on, EL0 AArch64-only, ZFR0 fields from the SVE2 crypto "
                       "hwcaps, TGRAN*_2 and CTR_EL0 as the grace-v1 chain",
    },
    "graviton3": {
        "title": "AWS Graviton3 (Neoverse V1)",
        "midr": 0x411FD401,
        "chain": "graviton3-v1",
        "sve": [128, 256],
        "pauth": True,
        "pmu": True,
        "extra": {
            "feat_TLB": "range", "feat_SVE": "on", "feat_SEL2": "on",
            "feat_BT": "off", "feat_SB": "off", "feat_FRINTTS": "off", "feat_SPECRES": "off",
            "feat_E0PD": "off", "feat_TTL": "on", "hw_prop_ST": "48_47", "feat_ECBHB": "off",
            "hw_prop_APA": "pauth", "hw_prop_API": "off",
            "hw_prop_GPA": "on", "hw_prop_GPI": "off",
            "el0_mode": "aarch32",
            "hw_prop_SVEVer": "on", "feat_SVE_BFLOAT16": "on", "feat_SVE_I8MM": "on",
            "feat_CNP": "on", "hw_prop_VARANGE": "48", "hw_prop_DZP": "false",
            "cpu_aidr": "0x0",
        },
        "unconfirmed": "TLB range, SEL2 on, TTL on and ST 48_47 (Armv8.4 level of V1), "
                       "PAuth APA=pauth, EL0 AArch32 (lscpu shows 32-bit op-mode), SVE1 "
                       "only with BF16/I8MM",
    },
    "altra": {
        "title": "Ampere Altra (Neoverse N1)",
        "midr": 0x413FD0C1,
        "chain": None,
        "sve": [],
        "pauth": False,
        "pmu": True,
        "extra": {
            "feat_AES": "pmull", "feat_SHA1": "on", "feat_SHA2": "sha256", "feat_CRC32": "on",
            "feat_ATOMIC": "on", "feat_RDM": "on", "feat_SHA3": "off", "feat_SM3": "off",
            "feat_SM4": "off", "feat_DP": "on", "feat_FHM": "off", "feat_TS": "off",
            "feat_TLB": "off", "feat_RNDR": "off",
            "feat_DPB": "on", "feat_JSCVT": "off", "feat_FCMA": "off", "feat_LRCPC": "on",
            "feat_BF16": "off", "feat_I8MM": "off", "feat_DGH": "off",
            "el0_mode": "aarch32", "el1_mode": "aarch64", "el2_mode": "off", "el3_mode": "off",
            "feat_FP": "fp16", "feat_AdvSIMD": "fp16", "feat_GIC": "on", "feat_RAS": "1.0",
            "feat_SVE": "off", "feat_SEL2": "off", "feat_MPAM": "0.0", "feat_AMU": "off",
            "feat_DIT": "off", "feat_CSV2": "1.0", "feat_CSV3": "on",
            "feat_BT": "off", "feat_SSBS": "ssbs2", "feat_MTE_FRAC": "async",
            "hw_prop_PARANGE": "48", "hw_prop_ASIDBITS": "16", "feat_BIGEND": "on",
            "feat_SNSMEM": "on", "hw_prop_TGRAN4": "on", "hw_prop_TGRAN16": "on",
            "hw_prop_TGRAN64": "on", "hw_prop_TGRAN4_2": "tgran4",
            "hw_prop_TGRAN16_2": "tgran16", "hw_prop_TGRAN64_2": "tgran64",
            "feat_HAFDBS": "dbm", "hw_prop_VMIDBITS": "16", "feat_VH": "on",
            "feat_HPDS": "hpds2", "feat_LO": "on", "feat_PAN": "pan2", "feat_SpecSEI": "off",
            "feat_XNX": "on",
            "feat_CNP": "on", "feat_UAO": "on", "feat_IESB": "on", "hw_prop_VARANGE": "48",
            "hw_prop_CCIDX": "32", "feat_NV": "0.0", "hw_prop_ST": "39", "feat_AT": "off",
            "hw_prop_IDS": "0x0", "hw_prop_FWB": "off", "feat_TTL": "off", "feat_BBM": "0",
            "feat_EVT": "off", "feat_E0PD": "off", "feat_E2H0": "on",
            "feat_DBG": "v8p2", "feat_PMU": "v3p1", "hw_prop_BRPS": "5", "hw_prop_WRPs": "3",
            "hw_prop_CTX_CMPs": "1", "feat_DoubleLock": "on",
            "hw_prop_SVEVer": "on",
            "hw_prop_IMInline": "4", "hw_prop_L1IP": "pipt", "hw_prop_DMInline": "4",
            "hw_prop_ERG": "4", "hw_prop_CWG": "4", "hw_prop_IDC": "true", "hw_prop_DIC": "true",
            "hw_prop_BS": "4", "hw_prop_DZP": "false",
            "cpu_implementer": "0x41", "cpu_variant": "0x3", "cpu_architecture": "0xF",
            "cpu_partnum": "0xD0C", "cpu_revision": "0x1", "cpu_revidr": "0x0",
            "cpu_aidr": "0x0",
        },
        "unconfirmed": "no named model exists for N1, so every value is chosen from the "
                       "Armv8.2 level of Neoverse N1: PAN pan2 (FEAT_PAN2 is mandatory in "
                       "v8.2), RAS 1.0, PMU v3p1, DBG v8p2, CSV2 1.0 and CSV3 on, SSBS ssbs2, "
                       "DoubleLock on, EL0 AArch32, IDC/DIC true, TGRAN*_2 'as stage 1' "
                       "(field 0, pre-v8.5), ZFR0 all 0 (so hw_prop_SVEVer reads its raw-0 "
                       "name 'on' although SVE is absent), no PAuth",
    },
}

CHAIN_FACTS = ("reference/arm-cpu-properties.md sections 2-6 and arm-properties.json "
               "(value tables, policies, KVM writability, the named-model chain)")


def s4(x):
    return x - 16 if x >= 8 else x


class Props:
    def __init__(self, path):
        with open(path) as f:
            data = json.load(f)
        self.list = [p for p in data["properties"] if p.get("name")]
        self.all = data["properties"]
        self.by_name = {p["name"]: p for p in self.list}
        self.models = {m["name"]: m for m in data["models"]}
        self.model_order = [m["name"] for m in data["models"]]

    def chain_values(self, model):
        chain = []
        while model:
            chain.append(self.models[model])
            model = self.models[model]["parent"]
        values = {}
        for level in reversed(chain):
            values.update(level["sets"])
        return values


def qom_type(p):
    return {"string": "string", "fractional": "string", "number": "number",
            "bool": "bool"}[p["kind"]]


def raw_of(p, value):
    """The raw encoding of a dialect-1 value (a pair for fractional)."""
    if p["kind"] == "fractional":
        for v in p["values"]:
            if v["name"] == value:
                return (v["base"], v["frac"])
        raise KeyError((p["name"], value))
    if p["kind"] == "bool":
        return 1 if value == "true" else 0
    if p["kind"] == "number":
        return int(value, 0)
    for v in p["values"]:
        if v["name"] == value:
            return v["raw"]
    raise KeyError((p["name"], value))


def signed_value(p, x):
    # PMUVer is "signed" only so that 0xF (IMP DEF) sorts lowest; read
    # literally, v3p8/v3p9 (8, 9) would sort below "off". Other signed fields
    # use the plain 4-bit two's complement.
    if p["name"] == "feat_PMU":
        return -1 if x == 0xF else x
    return s4(x)


def safe(p, v, h):
    pol = p["policy"]
    if pol == "lower":
        return v <= h and v >= p.get("min_raw", 0)
    if pol == "signed-lower":
        return signed_value(p, v) <= signed_value(p, h)
    if pol == "higher":
        return v >= h
    if pol == "higher-or-zero":
        return v == 0 or (h != 0 and v >= h)
    if pol == "exact":
        return v in (h, p["safe_value"])
    return True


def writable(p, host):
    if p["name"] == "feat_CSV2":
        return "yes"
    if p["name"].startswith("cpu_"):
        return "no"  # implementation ID registers: host value only (older kernel)
    w = p.get("kvm_writable")
    if w == "sve":
        return "yes" if host["sve"] else "no"
    return w or "no"


def supported_values(p, host, hval):
    """The named-dialect supported set, as strings (shape 1)."""
    w = writable(p, host)
    if p["kind"] == "number":
        h = int(hval, 0)
        if p["name"].startswith("cpu_"):
            return ["0x%x" % h]
        if w == "yes" and p["policy"] == "lower":
            return ["0-%d" % h] if h else ["0"]
        return ["%d" % h]
    if p["kind"] == "bool":
        h = 1 if hval == "true" else 0
        if w == "yes":
            return [n for n, v in (("false", 0), ("true", 1)) if safe(p, v, h)]
        return [hval]
    if p["kind"] == "fractional":
        hb, hf = raw_of(p, hval)
        if w == "yes":
            return [v["name"] for v in p["values"] if v["base"] <= hb and v["frac"] <= hf]
        return [hval]
    h = raw_of(p, hval)
    if w == "yes":
        return [v["name"] for v in p["values"] if safe(p, v["raw"], h)]
    if w == "init":
        names = [v["name"] for v in p["values"]]
        return [n for n in names if n == hval or n == "off"]
    return [hval]


def typed(p, value):
    if p["kind"] == "number":
        return int(value, 0)
    if p["kind"] == "bool":
        return value == "true"
    return value


def in_supported(p, value, sup):
    if p["kind"] == "number":
        n = int(value, 0)
        for s in sup:
            if "-" in s:
                lo, hi = s.split("-")
                if int(lo, 0) <= n <= int(hi, 0):
                    return True
            elif int(s, 0) == n:
                return True
        return False
    return value in sup


def host_values(props, name):
    host = HOSTS[name]
    values = props.chain_values(host["chain"]) if host["chain"] else {}
    values.update(host["extra"])
    for p in props.list:
        if p["name"] in values:
            continue
        if p["kind"] == "number":
            values[p["name"]] = "0"
        elif p["kind"] == "bool":
            values[p["name"]] = "false"
        elif p["kind"] == "fractional":
            values[p["name"]] = "0.0"
        else:
            zero = [v["name"] for v in p["values"] if v["raw"] == 0]
            values[p["name"]] = zero[0] if zero else p["values"][0]["name"]
    return values


def kvm_booleans(host):
    sve = bool(host["sve"])
    b = {"aarch64": True, "pmu": host["pmu"], "sve": sve}
    for bits in SVE_BITS:
        b["sve%d" % bits] = bits in host["sve"]
    b["kvm-no-adjvtime"] = False
    b["kvm-steal-time"] = True
    b["pauth"] = host["pauth"]
    return b


# ----- the real 7.2 data -----

def read_transcript(name):
    pairs = []
    greeting = None
    pending = []
    with open(os.path.join(TRANSCRIPTS, name)) as f:
        for line in f:
            if not line.strip():
                continue
            m = json.loads(line)
            if m["dir"] == "send":
                pending.append(m["msg"])
                continue
            msg = m.get("msg")
            if msg is None:
                if pending:
                    pending.pop(0)  # msg_file (the schema): not needed here
                continue
            if "QMP" in msg:
                greeting = greeting or msg
            elif "event" not in msg and pending:
                pairs.append((pending.pop(0), msg))
    return greeting, pairs


def real_72():
    greeting, pairs = read_transcript("probe-none.jsonl")
    _, extra = read_transcript("probe-none-extra.jsonl")
    out = {"greeting": greeting, "expansions": [], "cmds": {}}
    for cmd, reply in pairs + extra:
        name = cmd["execute"]
        if name == "query-cpu-model-expansion":
            out["expansions"].append({"arguments": cmd.get("arguments", {}), "reply": reply})
        elif name in ("query-version", "query-cpu-definitions", "query-kvm"):
            out["cmds"][name] = reply
    return out


def tcg_max_qom():
    """The max CPU read back under TCG (virt-cpu-max.jsonl) plus sve lengths."""
    props = {"aarch64": True, "pmu": True, "sve": True}
    for bits in SVE_BITS:
        props["sve%d" % bits] = True
    props.update({"sve-max-vq": 16, "sme": True, "pauth": True, "pauth-impdef": False,
                  "lpa2": True, "has_el2": True, "has_el3": True, "midr": 984336})
    return {"props": props, "accept": {"sve-max-vq": "1-16"}}


def tcg_a57_qom():
    return {"props": {"aarch64": True, "pmu": True, "has_el2": True, "has_el3": True,
                      "midr": 1092604016}}


def definitions(real, names, blockers=None):
    defs = list(real["cmds"]["query-cpu-definitions"]["return"])
    for n in names:
        d = {"name": n, "typename": "%s-arm-cpu" % n, "static": False, "deprecated": False}
        if blockers is not None and n in blockers:
            d["unavailable-features"] = blockers[n]
        defs.append(d)
    return {"return": defs}


def expansion_alt(model, props):
    return {"arguments": {"type": "full", "model": {"name": model}},
            "reply": {"return": {"model": {"name": model, "props": props}}}}


def error(desc):
    return {"error": {"class": "GenericError", "desc": desc}}


def static_errors(models):
    return [{"arguments": {"type": "static", "model": {"name": m}},
             "reply": error("The requested expansion type is not supported")}
            for m in models]


def greeting_for(title, dialect):
    return {"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7},
                                "package": "SYNTHESISED %s host, %s (not a real build)"
                                % (title, dialect)},
                    "capabilities": ["oob"]}}


def version_reply(greeting):
    return {"return": greeting["QMP"]["version"]}


# ----- named dialect -----

def named_fixture(props, real, name, shape):
    host = HOSTS[name]
    hv = host_values(props, name)
    sup = {p["name"]: supported_values(p, host, hv[p["name"]]) for p in props.list}
    booleans = kvm_booleans(host)
    named_props = {p["name"]: typed(p, hv[p["name"]]) for p in props.list}
    host_props = dict(booleans)
    host_props.update(named_props)

    models = props.model_order
    blockers = {}
    model_props = {}
    for m in models:
        values = dict(hv)
        values.update(props.chain_values(m))
        blockers[m] = [p["name"] for p in props.list
                       if p["name"] in props.chain_values(m)
                       and not in_supported(p, values[p["name"]], sup[p["name"]])]
        mp = dict(booleans)
        mp.update({p["name"]: typed(p, values[p["name"]]) for p in props.list})
        model_props[m] = mp

    if shape == 1:
        info_cmd = "query-arm-cpu-props-info"
        info = [{"name": p["name"], "type": qom_type(p), "supported-values": sup[p["name"]]}
                for p in props.list]
    else:
        info_cmd = "query-cpu-props-info"
        info = []
        for p in props.list:
            t = qom_type(p)
            if t == "number":
                s = sup[p["name"]][0]
                lo, hi = (s.split("-") if "-" in s and not s.startswith("0x") else (s, s))
                info.append({"name": p["name"], "type": "number",
                             "min": int(lo, 0), "max": int(hi, 0)})
            elif t == "bool":
                info.append({"name": p["name"], "type": "bool",
                             "supported-values": [v == "true" for v in sup[p["name"]]]})
            else:
                info.append({"name": p["name"], "type": "string",
                             "supported-values": sup[p["name"]]})

    accept = {p["name"]: sup[p["name"]] for p in props.list}
    midr = host["midr"]
    kvm_qom = {"host": {"props": dict(host_props, midr=midr), "accept": accept},
               "max": {"typename": "max-arm-cpu", "base": "host", "props": {}}}
    for m in models:
        v = model_props[m]
        mm = {k: x for k, x in v.items() if host_props.get(k) != x}
        mm["midr"] = (v["cpu_implementer"] << 24 | v["cpu_variant"] << 20
                      | v["cpu_architecture"] << 16 | v["cpu_partnum"] << 4
                      | v["cpu_revision"])
        entry = {"base": "host", "props": mm}
        if blockers[m]:
            b = blockers[m][0]
            entry["fail"] = ("kvm: cannot set %s=%s for CPU model '%s': Invalid argument "
                             "(synthesised message)" % (b, props.chain_values(m)[b], m))
        kvm_qom[m] = entry

    kvm_exp = [expansion_alt("host", host_props), expansion_alt("max", host_props)]
    kvm_exp += [expansion_alt(m, model_props[m]) for m in models]
    kvm_exp += static_errors(["host", "max"])

    tcg_exp = list(real["expansions"])
    tcg_exp += [{"arguments": {"type": "full", "model": {"name": m}},
                 "reply": error("'%s' CPU model requires KVM (-accel kvm)" % m)}
                for m in models]

    dialect = ("named-model RFC v2 props, %s" % info_cmd)
    greeting = greeting_for(host["title"], dialect)
    sve_txt = ("SVE lengths %s" % "+".join("%d" % b for b in host["sve"])
               if host["sve"] else "no SVE")
    comment = (
        "SYNTHESISED, not recorded from real hardware. %s under KVM, MIDR 0x%08X, %s, "
        "speaking the named-model dialect (feat_*/hw_prop_*/el*_mode/cpu_*) with %s "
        "(reply shape %d). Written from: %s; QEMU 7.2 shapes and the tcg section from the "
        "real transcripts in tests/data/qemu-7.2. Host values: %s; the properties it does "
        "not set are the unconfirmed choices in gen-fixtures.py HOSTS (%s), anything else "
        "raw 0. Supported sets: every table value safe under the field's policy for "
        "KVM-writable fields, the host value alone for fields KVM does not let userspace "
        "write (and cpu_*), plus 'off' for vCPU-init-flag fields (SVE, PAuth); PMU is "
        "writable. qom 'fail' messages and the tcg refusal of named models are "
        "synthesised. Regenerate with tests/fake-qemu/gen-fixtures.py."
        % (host["title"], host["midr"], sve_txt, info_cmd, shape, CHAIN_FACTS,
           ("the cumulative %s model chain (reference section 6.3)" % host["chain"])
           if host["chain"] else "no named model describes this host",
           host["unconfirmed"]))

    return {
        "_comment": comment,
        "_host": {"name": host["title"], "midr": "0x%08X" % host["midr"],
                  "sve-lengths": host["sve"],
                  "key-values": {k: hv[k] for k in ("feat_SVE", "feat_PMU", "feat_PAN",
                                                    "feat_RAS", "feat_TS")}},
        "greeting": greeting,
        "commands": {
            "query-version": version_reply(greeting),
            "query-target": {"return": {"arch": "aarch64"}},
        },
        "accels": {
            "kvm": {
                "commands": {
                    "query-kvm": {"return": {"enabled": True, "present": True}},
                    "query-cpu-definitions": definitions(real, ["host"] + models, blockers),
                    "query-cpu-model-expansion": kvm_exp,
                    info_cmd: {"return": info},
                },
                "qom": kvm_qom,
            },
            "tcg": {
                "commands": {
                    "query-kvm": {"return": {"enabled": False, "present": True}},
                    "query-cpu-definitions": definitions(real, models),
                    "query-cpu-model-expansion": tcg_exp,
                    info_cmd: {"return": []},
                },
            },
        },
        "qom": {"max": tcg_max_qom(), "cortex-a57": tcg_a57_qom()},
    }


# ----- SYSREG dialect -----

def ranges(values):
    """[0, 1, 2, 5, 8, 9] -> ["0-2", "5", "8-9"]"""
    out = []
    for v in values:
        if out and out[-1][1] == v - 1:
            out[-1][1] = v
        else:
            out.append([v, v])
    return ["%d" % a if a == b else "%d-%d" % (a, b) for a, b in out]


def sysreg_fields(props, host, hv):
    """(name, raw host value, accept) of every KVM-writable field."""
    out = []
    for p in props.all:
        w = p.get("kvm_writable")
        if p["kind"] == "fractional":
            if p["name"] != "feat_CSV2":
                continue
            b, f = raw_of(p, hv[p["name"]])
            for part, raw in (("base", b), ("frac", f)):
                reg = p[part]
                name = "SYSREG_%s_%s" % (reg["register"], reg["field"])
                out.append((name, raw, ["0-%d" % raw] if raw else ["0"]))
            continue
        if w not in ("yes", "sve") or not p.get("sysreg_name"):
            continue
        if w == "sve" and not host["sve"]:
            continue
        if p.get("name"):
            h = raw_of(p, hv[p["name"]])
            if isinstance(h, tuple):
                continue
        else:
            h = 0
        top = (1 << p.get("width", 4)) - 1
        acc = ranges([v for v in range(top + 1) if safe(p, v, h)])
        out.append((p["sysreg_name"], h, acc))
    return out


def sysreg_fixture(props, real):
    host = HOSTS["grace"]
    hv = host_values(props, "grace")
    booleans = kvm_booleans(host)
    fields = sysreg_fields(props, host, hv)
    host_props = dict(booleans)
    host_props.update({n: raw for n, raw, _ in fields})
    accept = {n: acc for n, _, acc in fields}
    greeting = greeting_for(host["title"], "SYSREG host-model series")
    comment = (
        "SYNTHESISED, not recorded from real hardware. NVIDIA Grace (Neoverse V2) under KVM, "
        "MIDR 0x%08X, SVE 128 only, speaking the SYSREG dialect: no props-info command; the "
        "kvm 'host' expansion carries the QEMU 7.2 booleans plus one SYSREG_<REG>_<Field> "
        "JSON integer (raw field value, Arm-ARM spelling from arm-properties.json "
        "sysreg_name) for each field KVM lets userspace write (kvm_writable yes, or sve "
        "while SVE is on; CSV2 and CSV2_frac as the writable halves of feat_CSV2), with "
        "Grace's host values (the grace-v1 chain plus the unconfirmed choices in "
        "gen-fixtures.py HOSTS). Written from: %s. qom 'accept' ranges are the raw values "
        "safe under each field's policy. The tcg section is the real QEMU 7.2 data. "
        "Regenerate with tests/fake-qemu/gen-fixtures.py." % (host["midr"], CHAIN_FACTS))
    kvm_exp = [expansion_alt("host", host_props), expansion_alt("max", host_props)]
    kvm_exp += static_errors(["host", "max"])
    return {
        "_comment": comment,
        "_host": {"name": host["title"], "midr": "0x%08X" % host["midr"],
                  "sve-lengths": host["sve"]},
        "greeting": greeting,
        "commands": {
            "query-version": version_reply(greeting),
            "query-target": {"return": {"arch": "aarch64"}},
        },
        "accels": {
            "kvm": {
                "commands": {
                    "query-kvm": {"return": {"enabled": True, "present": True}},
                    "query-cpu-definitions": definitions(real, ["host"]),
                    "query-cpu-model-expansion": kvm_exp,
                },
                "qom": {
                    "host": {"props": dict(host_props, midr=host["midr"]), "accept": accept},
                    "max": {"typename": "max-arm-cpu", "base": "host", "props": {}},
                },
            },
            "tcg": {
                "commands": {
                    "query-kvm": {"return": {"enabled": False, "present": True}},
                    "query-cpu-definitions": definitions(real, []),
                    "query-cpu-model-expansion": list(real["expansions"]),
                },
            },
        },
        "qom": {"max": tcg_max_qom(), "cortex-a57": tcg_a57_qom()},
    }


def tcg_only_fixture(real):
    greeting = real["greeting"]
    return {
        "_comment": (
            "SYNTHESISED from real data: a QEMU with TCG only and no KVM, like Debian's "
            "qemu-system-aarch64 7.2.22 on x86_64. Greeting, query-version, query-kvm, "
            "query-cpu-definitions (42 models) and every query-cpu-model-expansion reply are "
            "copied from the real transcripts in tests/data/qemu-7.2 (probe-none*.jsonl); "
            "the qom 'max' and 'cortex-a57' defaults are the values read back in "
            "virt-cpu-max.jsonl and virt-cpu-cortex-a57.jsonl (lpa2/has_el2/has_el3 from "
            "device-list-properties defaults). Regenerate with "
            "tests/fake-qemu/gen-fixtures.py."),
        "greeting": greeting,
        "commands": {
            "query-version": real["cmds"]["query-version"],
            "query-target": {"return": {"arch": "aarch64"}},
            "query-kvm": real["cmds"]["query-kvm"],
            "query-cpu-definitions": real["cmds"]["query-cpu-definitions"],
            "query-cpu-model-expansion": list(real["expansions"]),
        },
        "accels": {"tcg": {}},
        "qom": {"max": tcg_max_qom(), "cortex-a57": tcg_a57_qom()},
    }


def dump(obj, path):
    text = json.dumps(obj, indent=1, ensure_ascii=True)
    with open(path, "w") as f:
        f.write(text + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--properties", default=DEFAULT_PROPS)
    ap.add_argument("--out", default=os.path.join(REPO, "tests", "data", "qemu"))
    args = ap.parse_args()
    if not os.path.exists(args.properties):
        sys.exit("gen-fixtures.py: %s not found (use --properties)" % args.properties)
    props = Props(args.properties)
    real = real_72()
    os.makedirs(args.out, exist_ok=True)
    dump(named_fixture(props, real, "grace", 1), os.path.join(args.out, "grace.json"))
    dump(named_fixture(props, real, "graviton3", 1), os.path.join(args.out, "graviton3.json"))
    dump(named_fixture(props, real, "altra", 1), os.path.join(args.out, "altra.json"))
    dump(named_fixture(props, real, "grace", 2), os.path.join(args.out, "grace-typed.json"))
    dump(sysreg_fixture(props, real), os.path.join(args.out, "grace-sysreg.json"))
    dump(tcg_only_fixture(real), os.path.join(args.out, "tcg-only.json"))


if __name__ == "__main__":
    main()
