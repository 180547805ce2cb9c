#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Mutation testing: applies plausible faults to plugin/ and fields/ one at a
time, runs the test suite (ctest, the first step of tests/run.sh) against
each, and prints which faults no test caught.

    python3 tests/mutate.py                 # every mutation: about 2 minutes each
    python3 tests/mutate.py --list          # the mutations, checked to still apply
    python3 tests/mutate.py --only ID ...   # some of them
    python3 tests/mutate.py --tests REGEX   # ctest -R REGEX instead of the whole suite (quicker, and a
                                            # fault it misses may still be caught by a test left out)

It works on a copy of the checkout in a temporary folder with a build of its
own (plain warnings, not -Werror, so that a fault is judged by the tests), so
the checkout is never touched. The copy first passes the suite unmutated. A
mutation whose text no longer occurs exactly once is an error: the code moved
on, and the mutation must follow it. The third-party captures of
../shared/captures are used when present (EXCH_SHARED_CAPTURES).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_CAPTURES = os.path.join(os.path.dirname(SOURCE_DIR), "shared", "captures")

# (id, file, text, replacement, the fault it stands for)
MUTATIONS = [
    ("seed-description", "fields/roles.tsv", "connect to port 3268 in LDP.", "connect to port 3268 in LDAP.",
     "a role's description no longer the seed's text"),
    ("record-strings-cap", "plugin/packet-xlsa.c", "strings++ == XLSA_RECORD_STRINGS",
     "strings++ == XLSA_RECORD_STRINGS + 1", "65 strings of an opaque record shown"),
    ("abandoned-first-slot", "plugin/packet-xlsa.c", "            xlsa_transfer_abandon();\n", "",
     "a FIRST replaced by a FIRST never frees its open-transfer slot"),
    ("line-too-long-boundary", "plugin/packet-xlsa.c", "total > LSA_MAX_LINE", "total >= LSA_MAX_LINE",
     "a line of exactly 1,024 bytes called too long"),
    ("one-level-forest-search", "plugin/lib/ldapmsg.c", "scope.value[0] == 2", "scope.value[0] >= 1",
     "a one-level search at \"\" called forest-wide"),
    ("usn-equality-adc", "plugin/lib/ldapmsg.c", "(filter->tag == 0xa5 && is_usn_changed(&el))",
     "is_usn_changed(&el)", "a uSNChanged equality filter called ADC synchronisation"),
    ("heuristic-lower-case", "plugin/packet-xlsa.c", "first != 'X' && first != 'x' && first != '2'",
     "first != 'X' && first != '2'", "lower-case link-state verbs not found by the heuristic"),
    ("syn-ignored", "plugin/packet-exch.c", "(uint16_t)pinfo->destport, syn_server_port);",
     "(uint16_t)pinfo->destport, 0);", "the SYN no longer decides the server side"),
    ("client-range-5000", "plugin/lib/portmap.c", "port <= 5000", "port < 5000",
     "5000 no longer a Windows client port"),
    ("client-range-1024", "plugin/lib/portmap.c", "port >= 1024 &&", "port > 1024 &&",
     "1024 no longer a client port"),
    ("no-syn-rule", "plugin/lib/portmap.c", "if (src_client != dst_client)", "if (false)",
     "without a SYN, a port no client takes no longer the server's"),
    ("both-roles-lower", "plugin/lib/portmap.c", "srcport < dstport ? EXCH_SIDE_SRC : EXCH_SIDE_DST",
     "srcport > dstport ? EXCH_SIDE_SRC : EXCH_SIDE_DST", "both ports with a role: the higher one is the server"),
    ("secure-per-frame", "plugin/packet-exch.c", "exch_conv_in_tls(conv_data, pinfo, layers.over_tls)",
     "layers.over_tls", "exch.secure from the frame's layers only (one pass and two differ)"),
    ("starttls-not-noted", "plugin/exch-conv.c", "if (over_tls && data && !data->tls_since",
     "if (over_tls && data && data->tls_since", "the first TLS frame of a connection not noted"),
    ("known-servers-ignored", "plugin/packet-exch.c", "if (known_servers.count == 0)",
     "if (known_servers.count == 0 || TRUE)", "exch.server_addresses ignored"),
    ("cidr-prefix-max", "plugin/lib/addrset.c", "if (value > max)", "if (value > max + 1)",
     "a /33 accepted for IPv4"),
    ("cidr-mask", "plugin/lib/addrset.c", "(uint8_t)(0xff00u >> rest)", "(uint8_t)(0xff00u >> (rest + 1))",
     "a CIDR block one bit too wide"),
    ("directory-twice", "plugin/exch-directory.c", "    if (role && role->directory[0])\n        return consumed;\n",
     "", "exch_ldap adds its analysis where the exch tree has it too"),
    ("expert-under-smtp", "plugin/beside.c",
     "    pinfo->current_proto = proto_get_protocol_short_name(find_protocol_by_id(b->proto));\n", "",
     "the link-state expert infos beside SMTP raised under SMTP"),
    ("ms05-021-threshold", "plugin/lib/linkstate.c", "length > LSA_MS05_021_THRESHOLD",
     "length >= LSA_MS05_021_THRESHOLD", "a 520-byte unmarked chunk called MS05-021"),
    ("binds-cap", "plugin/exch-directory.c", "conv->nbinds >= EXCH_BIND_CHANGES", "conv->nbinds > EXCH_BIND_CHANGES",
     "65 binds remembered"),
    ("pending-ring", "plugin/packet-xlsa.c", "#define XLSA_PENDING 16 ", "#define XLSA_PENDING 17 ",
     "17 pending commands kept"),
    ("transfer-truncation-unflagged", "plugin/xlsa-transfer.c", "    t->truncated |= take < len;\n", "",
     "a transfer over 1 MiB not flagged"),
    ("open-transfers-cap", "plugin/xlsa-transfer.c", "open_transfers >= XLSA_OPEN_TRANSFERS_MAX",
     "open_transfers > XLSA_OPEN_TRANSFERS_MAX", "1,025 transfers open at once"),
    ("guid-set-cap", "plugin/lib/linkstate.c", "set->count + 2 > LSA_GUIDSET_SLOTS / 2",
     "set->count > LSA_GUIDSET_SLOTS / 2", "257 GUIDs remembered"),
    ("guid-named-later", "plugin/lib/linkstate.c", "set->since[slot] < before", "set->since[slot] <= before + 100",
     "opaque data searched for GUIDs named after it"),
    ("blob-tokens-cap", "plugin/xlsa-transfer.c", "++shown > XLSA_BLOB_ITEMS", "++shown > XLSA_BLOB_ITEMS + 1",
     "4,097 tokens shown"),
    ("blob-depth-cap", "plugin/xlsa-transfer.c", "depth == XLSA_BLOB_DEPTH && !deep", "depth == XLSA_BLOB_DEPTH + 1 && !deep",
     "groups 33 deep without a note"),
    ("multi-header", "plugin/lib/linkstate.c", 'lsa_word_is(blob + tok.off, tok.len, "MULTI")',
     'lsa_word_is(blob + tok.off, tok.len, "MULTI-")', "the org GUID not found after a MULTI (n) ({hex}) header"),
    ("number-overflow", "plugin/lib/linkstate.c", "*value > (UINT64_MAX - digit) / base",
     "*value > UINT64_MAX / base", "a number one over 64 bits taken for a value"),
    ("s7-veto-forgotten", "plugin/packet-exch.c", "return *data && (*data)->vetoed;", "return vetoed_here;",
     "an S7 connection labelled x400 again after its first S7 frame"),
    ("icmp-errors-labelled", "plugin/packet-exch.c", "    if (layers.in_icmp_error)\n        return 0;\n", "",
     "ports quoted in ICMP errors labelled"),
    ("ports-not-followed", "plugin/exch-roles.c",
     "    for (guint i = 0; i < walk.held->len; i++)\n        follow_port(f, g_array_index(walk.held, guint32, i));\n",
     "", "the link-state and LDAP dissectors no longer follow their role's ports"),
    ("cleartext-in-tls", "plugin/exch-directory.c", "facts->bind == LDAP_BIND_SIMPLE && !tls",
     "facts->bind == LDAP_BIND_SIMPLE", "a simple bind inside TLS called cleartext"),
    ("servers-cap", "plugin/lib/servertab.c", "tab->count >= EXCH_SERVERTAB_SLOTS / 2",
     "tab->count > EXCH_SERVERTAB_SLOTS / 2", "4,097 servers kept"),
    ("sicily-bind", "plugin/lib/ldapmsg.c", "case 0x89: case 0x8a: case 0x8b:", "case 0x8a: case 0x8b:",
     "Sicily package discovery not a Sicily bind"),
    ("info-role", "plugin/packet-exch.c", '" [%s]", label.role->code', '" (%s)", label.role->code',
     "the Info column's role in another form"),
    ("role-details-always", "plugin/packet-exch.c",
     "if (pref_role_details || proto_registrar_get_nth(hf)->ref_type != HF_REF_TYPE_NONE)",
     "if (pref_role_details)", "the role's details no longer added when a filter uses them"),
    ("guard-inverted", "plugin/exch-guard.c", "== EXCH_GUARD_STOCK ? g->stock : g->previous",
     "== EXCH_GUARD_STOCK ? g->previous : g->stock", "a shared port's guard hands IRC to Gryphon and the rest to IRC"),
    ("guard-gives-nothing-back", "plugin/exch-guard.c", "g->previous = owner;", "g->previous = NULL;",
     "Gryphon loses port 7000 to the guard"),
    ("irc-line-limit", "plugin/lib/sniff.c", "return len <= EXCH_IRC_LINE_MAX;", "return len < EXCH_IRC_LINE_MAX;",
     "a 512-byte unfinished IRC line not called IRC"),
    ("learned-before-announcement", "plugin/lib/endpoints.c", "return frame > e->announced &&",
     "return frame >= e->announced &&", "the announcing frame's own flow taken for a connection to the endpoint"),
    ("tower-any-address", "plugin/exch-epm.c", "if (memcmp(tower->ipv4, any, 4) == 0)", "if (true)",
     "every tower's endpoint put on the mapper's address"),
    ("endpoints-cap", "plugin/lib/endpoints.c", "t->count >= EXCH_ENDPOINTS_MAX", "t->count > EXCH_ENDPOINTS_MAX",
     "4,097 learned endpoints kept"),
    ("epm-tower-cap", "plugin/lib/epm.c", "given++ < EXCH_EPM_TOWERS_MAX", "given++ <= EXCH_EPM_TOWERS_MAX",
     "65 towers of a PDU read"),
    ("rvp-any-subscribe", "plugin/lib/rvpmsg.c", "return m->header[RVP_H_NOTIFICATIONS_VERSION].len > 0 ||",
     "return m->request ||", "OWA's SUBSCRIBE taken for RVP"),
    ("rvp-unsubscribe-ignored", "plugin/packet-rvp.c", "        e->ended = pinfo->num;\n    }\n}",
     "    }\n}", "UNSUBSCRIBE no longer ends the callback"),
    ("rvp-callback-port-0", "plugin/lib/rvpmsg.c", "65535, &n) || n == 0)", "65535, &n))",
     "a Call-Back on port 0 followed"),
    ("rvp-lease-ignored", "plugin/lib/endpoints.c", " && (e->expires == 0 || now <= e->expires)", "",
     "a callback after the lease taken for the announced one"),
    ("learned-after-guess", "plugin/packet-exch.c", "if ((side == EXCH_SIDE_NONE || !syn_server_port) &&",
     "if (side == EXCH_SIDE_NONE &&", "the port-number guess beats an endpoint the mapper announced"),
    ("learned-only-off-roles", "plugin/packet-exch.c", "if ((side == EXCH_SIDE_NONE || !syn_server_port) &&",
     "if (false &&", "a client on a role's port to a learned endpoint gets no label"),
    ("nntp-not-after-tls", "fields/roles.tsv", "yes\tport\t-\t-\tnntp\t", "yes\tport\t-\t-\t-\t",
     "NNTP no longer decoded after TLS on 563"),
    ("h323-any-call", "plugin/exch-h323.c", "    if (role == h323_role)\n        calls_seen = TRUE;",
     "    calls_seen = TRUE;", "negotiated ports followed without a call on an h323 port"),
    ("h323-announced-now", "plugin/exch-h323.c", "h323_role, setup) != NULL;", "h323_role, pinfo->num) != NULL;",
     "a negotiated port learned in the frame that reached it, not the one that set it up"),
    ("h323-media-source", "plugin/exch-h323.c", "if (setup && media_announced(pinfo, &pinfo->dst,",
     "if (setup && media_announced(pinfo, &pinfo->src,", "the media's sender taken for its announced end"),
    ("h323-no-h245", "plugin/exch-h323.c", "? h245_setup(pinfo, &server, &port) :", "? 0 :",
     "the H.245 connection of a call not followed"),
    ("epm-no-carry", "plugin/lib/epm.c", "from = scan_carried(carry, stub, stub_len, scan);", "from = 0;",
     "a tower cut by the end of a response fragment lost"),
    ("epm-cut-is-odd", "plugin/lib/epm.c", "            if (!scan->more_fragments)\n", "",
     "a tower cut by the end of a fragment that goes on reported odd"),
    ("evidence-refused-link-state", "plugin/packet-xlsa.c", "reply->code >= 200 && reply->code < 400", "reply->code >= 200",
     "a refused X-LINK2STATE (500) taken as evidence of Exchange"),
    ("evidence-rvp-callback", "plugin/packet-rvp.c", "!PINFO_FD_VISITED(pinfo) && !on_callback(pinfo)",
     "!PINFO_FD_VISITED(pinfo)", "a client answering an RVP callback taken for an RVP server"),
    ("evidence-future", "plugin/exch-evidence.c", "host->since[kind] <= frame", "host->since[kind] >= 1",
     "evidence shown on frames before the one that showed it"),
    ("credentials-in-tls", "plugin/exch-security.c", "    if (exch_credentials_in_tls(pinfo))\n        return;\n",
     "", "a login inside TLS called cleartext"),
    ("link-state-after-auth", "plugin/packet-xlsa.c", "if (link_state && !conv->authenticated && !conv->found[1])",
     "if (link_state && !conv->found[1])", "link state after X-EXPS called unauthenticated"),
    ("firewall-rst-unanswered", "plugin/exch-firewall.c", "return (c->completeness & TCP_RST) ? FW_REFUSED : ",
     "return ", "a reset SYN reported unanswered, not refused"),
    ("firewall-udp-open", "plugin/exch-firewall.c", "return row->answered ? FW_OPEN : blocked ? FW_BLOCKED : FW_UNANSWERED;",
     "return FW_OPEN;",
     "an unanswered UDP query reported open"),
    ("report-encrypted-any", "packaging/exch-report",
     'return "yes" if a == b == "yes" else "no"',
     'return "yes" if "yes" in (a, b) else "no"',
     "a merged endpoint called encrypted when only part of it was"),
    ("graph-learned-solid", "plugin/exch-graph.c", 'e->learned ? ", style=dashed" : ""', '""',
     "learned connections drawn like static ones"),
    ("marks-never-read", "plugin/exch-security.c", "        marked_in_capture = TRUE;\n", "",
     "security findings marked but never shown"),
    ("unreachable-mtu", "plugin/lib/unreachable.c", "EXCH_UNREACHABLE_NONE,         /*  4",
     "EXCH_UNREACHABLE_OTHER,        /*  4", "path MTU discovery's fragmentation needed taken for a block"),
    ("unreachable-error-addresses", "plugin/packet-exch.c",
     "    set_ends(pinfo, &attempt);\n    labelled", "    labelled",
     "an ICMP error's attempt labelled with the error's own addresses and ports"),
    ("firewall-never-blocked", "plugin/exch-firewall.c", "    if (blocked)\n        return FW_BLOCKED;\n", "",
     "TCP endpoints that ICMP errors blocked reported unanswered"),
    ("firewall-senders-cap", "plugin/exch-firewall.c", "g_hash_table_size(row->senders) >= FW_SENDERS_MAX",
     "g_hash_table_size(row->senders) > FW_SENDERS_MAX", "17 ICMP error senders kept"),
    ("firewall-attempt-not-opener", "plugin/exch-firewall.c", "(!t->tcp || t->unreachable || ",
     "(!t->tcp || ", "a client whose attempt an ICMP error quoted not listed as having opened"),
    ("dns-any-name", "plugin/exch-dns.c", "        !exch_dns_locator(msg.name))\n        return;", "        false)\n        return;",
     "a failed lookup of any name reported, not only of locator names"),
    ("dns-no-answer-first-pass", "plugin/exch-dns.c", "    else if (PINFO_FD_VISITED(pinfo) && !query->response_frame)",
     "    else if (!query->response_frame)", "a query reported unanswered before its answer could be seen"),
    ("dns-frame-cap", "plugin/exch-dns.c", "frame->count == DNS_FRAME_QUERIES", "frame->count == DNS_FRAME_QUERIES + 1",
     "nine queries of a frame followed"),
    ("dns-quoted-query", "plugin/exch-dns.c", "    if (pinfo->flags.in_error_pkt)\n        return;", "",
     "a query quoted in an ICMP error taken for a new query"),
    ("findings-cap", "plugin/exch-findings.c", ">= FINDINGS_MAX", "> FINDINGS_MAX", "1,025 findings rows kept"),
    ("report-findings-count", "packaging/exch-report", 'into["count"] = str(int(into["count"]) + int(row["count"]))',
     'into["count"] = row["count"]', "the merge keeps one capture's count of a finding"),
    ("imap-starttls-offer-missed", "plugin/lib/credentials.c", 'strchr(" ]\\r\\n", line[at + n])',
     'strchr(" \\r\\n", line[at + n])', "STARTTLS last in a greeting's [CAPABILITY ...] not seen as an offer"),
    ("pop3-bare-auth-login", "plugin/lib/credentials.c", "            return at < len && line[at] != '\\r' && line[at] != '\\n';",
     "            return true;", "POP3's bare AUTH (the mechanism list) taken for a login"),
    ("report-graph-not-rendered", "packaging/exch-report", 'if suffix in ("svg", "png"):', "if False:",
     "exch-report --graph writes DOT into a .svg"),
    ("owa-any-server", "plugin/packet-rvp.c", "conv->owa_asked && exch_iis_server(bytes, m->header_len)",
     "conv->owa_asked", "any web server answering /exchange/ taken for Outlook Web Access"),
    ("graph-member-twice", "plugin/exch-graph.c", "            if (g_hash_table_add(placed, g_ptr_array_index(members, j)))\n",
     "            if (TRUE)\n", "a host drawn in two routing groups' clusters"),
    ("hosts-capped-hidden", "plugin/exch-evidence.c", "        capped_in_capture = TRUE;\n", "",
     "the evidence table's cap reached without its expert info"),
    ("graph-edges-cap-off-by-one", "plugin/exch-graph.c", "g_hash_table_size(g->edges) >= GRAPH_EDGES",
     "g_hash_table_size(g->edges) > GRAPH_EDGES", "the graph draws 4,097 client-server pairs"),
    ("unreachable-quoted-ports-swapped", "plugin/exch-unreachable.c",
     "error->attempt_destport = tvb_get_ntohs(tvb, offset + header_len + 2);",
     "error->attempt_destport = tvb_get_ntohs(tvb, offset + header_len);",
     "an ICMP error's quoted destination port read from the source port's place"),
    ("findings-hidden-from-expert-filters", "plugin/packet-exch.c",
     "(proto_ws_expert != -1 && proto_field_is_referenced(tree, proto_ws_expert))", "FALSE",
     "-Y '_ws.expert.severity == \"Warning\"' misses the findings of the exch tree"),
]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def checkout_files():
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=SOURCE_DIR, check=True,
                         capture_output=True, text=True).stdout
    return [f for f in out.splitlines() if os.path.isfile(os.path.join(SOURCE_DIR, f))]


def copy_checkout(dest):
    for rel in checkout_files():
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(SOURCE_DIR, rel), target)


def check(mutation, root):
    mid, rel, text, _, _ = mutation
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        found = f.read().count(text)
    if found != 1:
        raise SystemExit(f"mutation {mid}: its text occurs {found} times in {rel}, not once: update it")


def run_suite(src, build, timeout, tests=None):
    """(built, failed test names): the ctest suite (or the tests matching the regex), stopping at the first
    failure."""
    proc = subprocess.run(["cmake", "--build", build, "-j", str(os.cpu_count())], capture_output=True, text=True)
    if proc.returncode != 0:
        return False, []
    select = ["-R", tests] if tests else []
    proc = subprocess.run(["ctest", "--test-dir", build, "-j", str(os.cpu_count()), "--stop-on-failure",
                           "--timeout", str(timeout), *select], capture_output=True, text=True)
    failed = re.findall(r"\d+ - (\S+) \((?:Failed|Timeout|Exception|SEGFAULT|Child aborted)", proc.stdout)
    if proc.returncode != 0 and not failed:
        failed = ["(ctest failed: " + proc.stdout.strip().splitlines()[-1] + ")"]
    return True, failed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="list the mutations (checked against the checkout)")
    ap.add_argument("--only", nargs="+", metavar="ID", help="run these mutations only")
    ap.add_argument("--timeout", type=int, default=900, help="seconds a test may take")
    ap.add_argument("--tests", metavar="REGEX", help="run only the ctest tests matching REGEX")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m[0] in args.only]
    if args.only and len(chosen) != len(args.only):
        raise SystemExit(f"unknown mutation among {args.only}")
    for m in MUTATIONS:
        check(m, SOURCE_DIR)
    if args.list:
        for mid, rel, _, _, what in chosen:
            print(f"{mid:32s} {rel:28s} {what}")
        return 0

    work = tempfile.mkdtemp(prefix="exch-mutate-")
    src, build = os.path.join(work, "src"), os.path.join(work, "build")
    if os.path.isdir(SHARED_CAPTURES):
        os.environ.setdefault("EXCH_SHARED_CAPTURES", SHARED_CAPTURES)
    try:
        copy_checkout(src)
        subprocess.run(["cmake", "-S", src, "-B", build], check=True, capture_output=True)
        log("unmutated suite ...")
        built, failed = run_suite(src, build, args.timeout, args.tests)
        if not built or failed:
            raise SystemExit(f"the unmutated copy does not pass: {failed or 'build failed'}")
        results = []
        for mid, rel, text, replacement, what in chosen:
            path = os.path.join(src, rel)
            with open(path, encoding="utf-8") as f:
                original = f.read()
            start = time.time()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(text, replacement))
            try:
                built, failed = run_suite(src, build, args.timeout, args.tests)
            finally:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(original)
            verdict = "does not build" if not built else f"killed by {failed[0]}" if failed else "SURVIVED"
            results.append((mid, verdict, what))
            log(f"{mid:32s} {verdict:40s} {time.time() - start:6.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    killed = sum(1 for _, verdict, _ in results if verdict != "SURVIVED")
    print(f"Mutation score: {killed} of {len(results)} faults caught")
    for mid, verdict, what in results:
        print(f"- {mid}: {verdict} ({what})")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
