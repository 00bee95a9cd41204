#!/usr/bin/env python3
"""Generate the derived seed corpora and dictionaries of tests/fuzz.

Most targets take the golden files as they are (see fuzz.py SEEDS); the
inputs below are derived from them, written to tests/fuzz/seeds/<target>/
and tests/fuzz/dicts/<target>.dict, and kept in git. Rerun after changing
the golden files:

    tests/fuzz/gen-seeds.py

  registry   data/cpu_map as one input (properties NUL models), and small
             registries cut from it: one per property kind and dialect, each
             with a two-level model setting its values
  values     per registry property: its kind, its index, its value table; the
             supported values of every property in tests/data/hostcaps/*.xml;
             a few edge cases of the grammar
  propsinfo  the fake QEMU fixtures (tests/data/qemu/*.json) as props-info
             test inputs (the shape of tests/data/hostcaps/inputs)
  qmp        the QEMU 7.2 transcripts and the fake QEMU fixtures replayed as
             the byte stream fuzz-qmp.c's conversation expects
"""
import json
import os
import shutil
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KINDS = ["bool", "number", "enum", "fractional", "string"]  # ArmcpuKind order


def src(*parts):
    return os.path.join(ROOT, *parts)


def write(target, name, data):
    d = os.path.join(HERE, "seeds", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# ----- registry -----

def registry_seeds():
    props_bytes = read(src("data", "cpu_map", "arm_properties.xml"))
    models_bytes = read(src("data", "cpu_map", "arm_models.xml"))
    write("registry", "full", props_bytes + b"\0" + models_bytes)
    write("registry", "properties-only", props_bytes)

    root = ET.fromstring(props_bytes)
    picked = {}
    for p in root.findall("property"):
        key = (p.get("kind"), p.get("dialect", "named"), p.get("policy"), "values" if
               p.find("value") is not None else "novalues")
        picked.setdefault(key, p)
    for i, (key, p) in enumerate(sorted(picked.items())):
        name = p.get("name")
        kind = p.get("kind")
        values = [v.get("name") for v in p.findall("value")]
        if kind == "bool":
            values = ["off", "on"]
        elif kind == "number" and not values:
            values = [p.get("min", "0"), p.get("max", "1")]
        body = ET.tostring(p, encoding="unicode").strip()
        props = ("<cpuMap arch='aarch64' kind='properties' version='seed'>\n  %s\n</cpuMap>\n"
                 % body)
        models = ("<cpuMap arch='aarch64' kind='models' version='seed'>\n"
                  "  <model name='base-v1'>\n    <set name='%s' value='%s'/>\n  </model>\n"
                  "  <model name='child-v1' parent='base-v1'>\n    <set name='%s' value='%s'/>\n"
                  "  </model>\n</cpuMap>\n" % (name, values[0], name, values[-1]))
        tag = "-".join(k.replace("-", "_") for k in key)
        write("registry", "small-%02d-%s" % (i, tag), props + "\0" + models)


# ----- values -----

def values_seeds():
    root = ET.fromstring(read(src("data", "cpu_map", "arm_properties.xml")))
    seen = set()
    for i, p in enumerate(root.findall("property")):
        key = (p.get("kind"), p.get("policy"), p.get("dialect", "named"))
        if key in seen or i >= 256:
            continue
        seen.add(key)
        kind = KINDS.index(p.get("kind"))
        lines = [v.get("name") for v in p.findall("value")]
        if p.get("kind") == "bool":
            lines = ["on", "off", "true", "NO"]
        elif p.get("kind") == "number":
            lo, hi = p.get("min", "0"), p.get("max")
            lines = [lo, "%s-%s" % (lo, hi) if hi else lo + "-15", hi or "0xf", "0x0"]
        write("values", "registry-%03d-%s" % (i, p.get("name")),
              bytes([kind, i]) + "\n".join(lines).encode())
    n = 0
    for f in sorted(os.listdir(src("tests", "data", "hostcaps"))):
        if not f.endswith(".xml"):
            continue
        doc = ET.parse(src("tests", "data", "hostcaps", f)).getroot()
        by_type = {}
        for info in doc.iter("cpuPropertyInfo"):
            for p in info.findall("property"):
                by_type.setdefault(p.get("type"), []).extend(v.text or ""
                                                             for v in p.findall("value"))
        for t, values in sorted(by_type.items()):
            kind = {"bool": 0, "number": 1}.get(t, 2)
            write("values", "hostcaps-%s-%s" % (f[:-4], t),
                  bytes([kind, n % 256]) + "\n".join(list(dict.fromkeys(values))[:60]).encode())
            n += 7
    edge = {
        "numbers": (1, ["0", "00", "0x", "0X1F", "18446744073709551615", "18446744073709551616",
                        "0xffffffffffffffff", "0x10000000000000000", "1-0", "0-", "-1", "3-3",
                        "0x0-0xf", "1--2", "+1", " 1"]),
        "fractions": (3, ["1.1", "1.1_base", "999.999", "1000.0", "1.", ".1", "1.1_", "1_1",
                          "0.0_x_y", "01.01"]),
        "bools": (0, ["on", "OFF", "True", "yes", "nO", "1", "0", ""]),
        "tokens": (4, ["a" * 64, "a" * 65, "sve,x=y", "on,x=y", "a=b", "a b", "'q'", "\"q\"",
                       "caf\u00e9", "x\x00y", "\t", "-", ".", "_"]),
    }
    for name, (kind, lines) in edge.items():
        write("values", "edge-" + name, bytes([kind, 0]) + "\n".join(lines).encode())


# ----- propsinfo -----

def fixture_commands(fx, accel):
    acc = fx.get("accels", {}).get(accel) or {}
    cmds = dict(fx.get("commands", {}))
    cmds.update(acc.get("commands", {}))
    return cmds


def first_reply(entries, model):
    if isinstance(entries, dict):
        return entries
    for e in entries or []:
        args = e.get("arguments", {})
        m = args.get("model", {})
        if args.get("type") == "full" and m.get("name") == model and "props" not in m:
            return e.get("reply")
    return None


def propsinfo_input(fx, accel):
    cmds = fixture_commands(fx, accel)
    model = "host" if accel == "kvm" else "max"
    exp = first_reply(cmds.get("query-cpu-model-expansion"), model)
    names = ["qmp_capabilities", "query-version", "query-commands", "quit"] + sorted(cmds)
    out = {"query-commands": [{"name": n} for n in names]}
    if exp and "return" in exp:
        out["expansion"] = exp["return"]
    for c in ("query-arm-cpu-props-info", "query-cpu-props-info"):
        if c in cmds and "return" in cmds[c]:
            out["props-info-command"] = c
            out["props-info"] = cmds[c]["return"]
    defs = cmds.get("query-cpu-definitions")
    if defs and "return" in defs:
        out["cpu-definitions"] = defs["return"]
    return out


def propsinfo_seeds():
    d = src("tests", "data", "qemu")
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json"):
            continue
        fx = json.loads(read(os.path.join(d, f)))
        for accel in ("kvm", "tcg"):
            if accel not in fx.get("accels", {}):
                continue
            doc = {"comment": "derived from tests/data/qemu/%s by gen-seeds.py" % f,
                   "accels": {accel: propsinfo_input(fx, accel)}}
            write("propsinfo", "%s-%s.json" % (f[:-5], accel), json.dumps(doc, indent=1))


# ----- qmp -----

def qmp_line(msg):
    # QEMU writes compact-ish JSON with ", " and ": " and ends each message with CRLF
    return json.dumps(msg, ensure_ascii=False) + "\r\n"


def qmp_stream(greeting, replies, events=(), order=(0, 1, 2), quit_shutdown=True):
    """The conversation of fuzz-qmp.c: ids armcpu-1 (qmp_capabilities), 2-4, 5 (quit)."""
    out = [qmp_line(greeting), qmp_line({"return": {}, "id": "armcpu-1"})]
    for n, i in enumerate(order):
        if n < len(events):
            out.append(qmp_line(events[n]))
        r = dict(replies[i])
        r["id"] = "armcpu-%d" % (i + 2)
        out.append(qmp_line(r))
    if quit_shutdown:
        out.append(qmp_line({"timestamp": {"seconds": 1700000000, "microseconds": 1},
                             "event": "SHUTDOWN", "data": {"guest": False,
                                                           "reason": "host-qmp-quit"}}))
    out.append(qmp_line({"return": {}, "id": "armcpu-5"}))
    return "".join(out)


def transcript(path):
    msgs = []
    for line in read(path).decode().splitlines():
        rec = json.loads(line)
        if rec["dir"] == "recv" and "msg" in rec:
            msgs.append(rec["msg"])
    return msgs


def qmp_seeds():
    d = src("tests", "data", "qemu-7.2")
    orders = [(0, 1, 2), (2, 0, 1), (1, 2, 0)]
    for k, f in enumerate(sorted(os.listdir(d))):
        if not f.endswith(".jsonl"):
            continue
        msgs = transcript(os.path.join(d, f))
        greeting, rest = msgs[0], msgs[1:]
        events = [m for m in rest if "event" in m]
        replies = [m for m in rest if "return" in m or "error" in m][1:]
        # small replies first: the conversation, not QEMU's whole schema
        replies = sorted(replies, key=lambda m: len(json.dumps(m)))[:3]
        if len(replies) < 3:
            write("qmp", "qemu72-%s" % f[:-6], qmp_line(greeting))  # greeting, then EOF
            continue
        write("qmp", "qemu72-%s" % f[:-6],
              qmp_stream(greeting, replies, events, orders[k % len(orders)]))
    d = src("tests", "data", "qemu")
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json"):
            continue
        fx = json.loads(read(os.path.join(d, f)))
        for accel in fx.get("accels", {}):
            cmds = fixture_commands(fx, accel)
            exp = first_reply(cmds.get("query-cpu-model-expansion"),
                              "host" if accel == "kvm" else "max")
            replies = [r for r in (cmds.get("query-kvm"), exp,
                                   cmds.get("query-arm-cpu-props-info") or
                                   cmds.get("query-cpu-props-info") or
                                   {"error": {"class": "CommandNotFound",
                                              "desc": "The command query-cpu-props-info "
                                                      "has not been found"}}) if r]
            if len(replies) == 3:
                write("qmp", "fake-%s-%s" % (f[:-5], accel),
                      qmp_stream(fx["greeting"], replies, order=(1, 2, 0)))
    g = {"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7},
                             "package": "D\u00e9bian \u2713 \U0001F600"},
                 "capabilities": ["oob"]}}
    ok = {"return": {}}
    write("qmp", "edge-utf8", qmp_stream(g, [ok, {"return": ["caf\u00e9"]}, ok]))
    write("qmp", "edge-nul-escape",
          qmp_stream(g, [ok, {"return": [{"name": "sve\u0000x", "type": "bool"}]},
                         {"error": {"class": "GenericError", "desc": "bad \u0000"}}]))
    write("qmp", "edge-events",
          qmp_stream(g, [ok, ok, ok], events=[{"event": "STOP"}, {"event": "RESUME"},
                                              {"event": "X" * 300}], quit_shutdown=False))
    write("qmp", "edge-deep", qmp_stream(g, [ok, {"return": [[[[[[[[[[1]]]]]]]]]]}, ok]))
    write("qmp", "edge-wrong-id", qmp_line(g) + qmp_line({"return": {}, "id": "armcpu-9"}))
    write("qmp", "edge-no-greeting", qmp_line({"return": {}}))
    write("qmp", "edge-garbage", qmp_line(g) + "{\"return\": {}, \"id\": \"armcpu-1\"}\r\n"
          "\xff\xfe not json")


# ----- dictionaries -----

def dicts():
    root = ET.fromstring(read(src("data", "cpu_map", "arm_properties.xml")))
    names = sorted({p.get("name") for p in root.findall("property")})
    values = sorted({v.get("name") for v in root.iter("value")})
    xml = ["<", ">", "/>", "</", "='", "'", "\"", "&amp;", "&#0;", "&#x2C;", "<!--", "-->",
           "<![CDATA[", "]]>", "<?xml version='1.0'?>", "<!DOCTYPE", "xmlns:x='u'", "x:"]
    guest = ["cpu", "domain", "feature", "model", "mode", "policy", "name", "value", "check",
             "match", "fallback", "type", "arch", "os", "topology", "host-passthrough",
             "host-model", "maximum", "custom", "require", "force", "optional", "disable",
             "forbid", "kvm", "qemu", "aarch64", "none", "partial", "full"]
    host = ["hostCapabilities", "format", "armcpu", "version", "emulator", "path", "size",
            "ctime", "mtime", "package", "host", "kernel", "midr", "revidr", "accel",
            "dialect", "named", "sysreg", "commands", "command", "present", "yes", "no",
            "models", "typename", "usable", "unknown", "deprecated", "blocker", "hostCPU",
            "property", "bool", "number", "string", "cpuPropertyInfo", "source", "derived",
            "hostValue", "tcg"]
    registry = ["cpuMap", "properties", "models", "kind", "enum", "fractional", "lower",
                "signed-lower", "higher", "higher-or-zero", "exact", "any", "init", "sve",
                "field", "register", "shift", "width", "signed", "raw", "frac", "role", "safe",
                "lowest", "min", "max", "derive", "sve-max-vq", "description", "set", "parent"]
    json_words = ["{", "}", "[", "]", ":", ",", "\"", "\\u0000", "\\ud800", "true", "false",
                  "null", "1e999", "-0", "18446744073709551616"]
    qmp = ["QMP", "version", "qemu", "major", "minor", "micro", "package", "capabilities",
           "return", "error", "class", "desc", "id", "armcpu-1", "armcpu-2", "armcpu-3",
           "armcpu-4", "armcpu-5", "event", "SHUTDOWN", "timestamp", "GenericError",
           "CommandNotFound", "\r\n"]
    props = ["name", "type", "supported-values", "min", "max", "model", "props", "bool",
             "number", "string", "unavailable-features", "typename", "deprecated",
             "query-arm-cpu-props-info", "query-cpu-props-info", "query-cpu-model-expansion",
             "query-cpu-definitions", "query-commands", "accels", "kvm", "tcg", "expansion",
             "props-info", "props-info-command", "cpu-definitions"]
    grammar = ["0x", "-", ".", "_", "on", "off", "true", "false", "yes", "no", "_base",
               "18446744073709551615", "999", "1000", ",", "=", "\x00", "\u00e9"]
    sets = {
        "guest": xml + guest + names + values,
        "hostcaps": xml + host + names + values,
        "registry": xml + registry + names[:40] + values[:40],
        "values": grammar + values,
        "propsinfo": json_words + props + names + values,
        "qmp": json_words + qmp,
    }
    d = os.path.join(HERE, "dicts")
    os.makedirs(d, exist_ok=True)
    for target, words in sets.items():
        with open(os.path.join(d, target + ".dict"), "w") as f:
            f.write("# libFuzzer dictionary for fuzz-%s (generated by gen-seeds.py)\n" % target)
            for w in dict.fromkeys(words):
                f.write("\"%s\"\n" % dict_escape(w))


def dict_escape(word):
    out = []
    for b in word.encode():
        c = chr(b)
        if c in "\\\"":
            out.append("\\" + c)
        elif 0x20 <= b < 0x7f:
            out.append(c)
        else:
            out.append("\\x%02X" % b)
    return "".join(out)


def main():
    for t in ("registry", "values", "propsinfo", "qmp"):
        shutil.rmtree(os.path.join(HERE, "seeds", t), ignore_errors=True)
    registry_seeds()
    values_seeds()
    propsinfo_seeds()
    qmp_seeds()
    dicts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
