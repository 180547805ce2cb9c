/* exch-directory.c
 * LDAP where stock Wireshark leaves it raw (379, 390; 3269 after TLS; other
 * ports by a strict heuristic), always dissected by the stock LDAP dissector,
 * and what each directory conversation is: which directory, how it binds,
 * Exchange 5.5 naming, ADC synchronisation, DirSync, forest-wide searches.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/proto_data.h>

#include "beside.h"
#include "compat.h"
#include "exch-conv.h"
#include "exch-security.h"
#include "exch-directory.h"
#include "packet-exch.h"
#include "lib/ldapmsg.h"

#define DIR_SCAN_MAX 65536       /* bytes of a PDU run read for LDAP messages */

static int proto_exch = -1;
static int proto_exch_ldap = -1;
static int proto_tls = -1;

static int hf_exch_dir_directory = -1;
static int hf_exch_dir_bind = -1;
static int hf_exch_dir_exchange55 = -1;
static int hf_exch_dir_adc_sync = -1;
static int hf_exch_dir_dirsync = -1;
static int hf_exch_dir_forest_search = -1;

static gint ett_exch_ldap = EXCH_ETT_INIT;

static expert_field ei_exch_binds_capped = EI_INIT;

static dissector_handle_t exch_ldap_handle;

static void analyse_ldap(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, int end);
static beside_t ldap_beside = { "ldap", "exch.ldap", -1, analyse_ldap, NULL, NULL };

static const value_string bind_names[] = {
    { LDAP_BIND_ANONYMOUS, "anonymous" },
    { LDAP_BIND_SIMPLE, "simple" },
    { LDAP_BIND_SASL, "sasl" },
    { LDAP_BIND_SICILY, "sicily-ntlm" },
    { 0, NULL }
};

enum {                           /* what a frame's LDAP messages show */
    DIR_EXCHANGE55 = 1 << 0,
    DIR_ADC_SYNC = 1 << 1,
    DIR_DIRSYNC = 1 << 2,
    DIR_ROOT_SEARCH = 1 << 3,
    DIR_CLEARTEXT = 1 << 4,      /* a simple bind with a password, not in TLS */
    DIR_BIND_NOT_KEPT = 1 << 5,  /* EXCH_BIND_CHANGES binds are remembered already */
};

/* --- analysis (first pass) ------------------------------------------------ */

static gboolean
in_tls(const packet_info *pinfo)
{
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f))
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto_tls)
            return TRUE;
    return FALSE;
}

static guint
message_flags(const ldap_facts_t *facts, gboolean tls)
{
    return (facts->exchange55 ? DIR_EXCHANGE55 : 0) | (facts->adc_sync ? DIR_ADC_SYNC : 0) |
           (facts->dirsync ? DIR_DIRSYNC : 0) | (facts->root_subtree_search ? DIR_ROOT_SEARCH : 0) |
           (facts->bind == LDAP_BIND_SIMPLE && !tls ? DIR_CLEARTEXT : 0);
}

/* Returns DIR_BIND_NOT_KEPT when the connection's bind list is full. */
static guint
note_bind(packet_info *pinfo, ldap_bind_t bind)
{
    exch_conv_t *conv = exch_conv_get(pinfo);

    if (conv->nbinds >= EXCH_BIND_CHANGES)
        return DIR_BIND_NOT_KEPT;
    wmem_tree_insert32(conv->binds, pinfo->num, GUINT_TO_POINTER(bind));
    conv->nbinds++;
    return 0;
}

/* Reads the LDAP messages of the PDUs the LDAP dissector consumed. SASL-wrapped
 * (signed or sealed) LDAP is not BER at the top: nothing is read from it. */
static void
analyse_ldap(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree _U_, void *data _U_, int end)
{
    size_t len = (size_t)MIN(end, DIR_SCAN_MAX), pos = 0, used;
    const guint8 *bytes;
    guint flags = 0;
    ldap_facts_t facts;

    if (PINFO_FD_VISITED(pinfo) || len == 0 || tvb_get_uint8(tvb, 0) != 0x30)
        return;
    bytes = (const guint8 *)tvb_memdup(pinfo->pool, tvb, 0, (gint)len);
    while (pos < len && (used = ldap_read_message(bytes + pos, len - pos, &facts)) > 0) {
        flags |= message_flags(&facts, in_tls(pinfo));
        if (facts.bind != LDAP_BIND_NONE)
            flags |= note_bind(pinfo, facts.bind);
        pos += used;
    }
    if (flags) {
        guint *stored = (guint *)p_get_proto_data(wmem_file_scope(), pinfo, proto_exch, EXCH_FRAME_DIRECTORY);
        if (!stored) {
            stored = wmem_new0(wmem_file_scope(), guint);
            p_add_proto_data(wmem_file_scope(), pinfo, proto_exch, EXCH_FRAME_DIRECTORY, stored);
        }
        *stored |= flags;
    }
}

/* --- display -------------------------------------------------------------- */

static const char *
bind_security(packet_info *pinfo, gboolean secure, const exch_conv_t *conv)
{
    void *bind;

    if (secure)
        return "tls";
    if (!conv || !(bind = wmem_tree_lookup32_le(conv->binds, pinfo->num)))
        return NULL;
    return val_to_str_const(GPOINTER_TO_UINT(bind), bind_names, "unknown");
}

static void
add_flag(proto_tree *tree, int hf, tvbuff_t *tvb, guint flags, guint flag)
{
    if (flags & flag)
        proto_item_set_generated(proto_tree_add_boolean(tree, hf, tvb, 0, 0, TRUE));
}

static proto_item *
add_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
    proto_item *ti = proto_tree_add_string(tree, hf, tvb, 0, 0, value);

    proto_item_set_generated(ti);
    return ti;
}

void
exch_directory_add_tree(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const exch_role_t *role,
                        gboolean secure, const exch_conv_t *conv)
{
    const guint *stored = (const guint *)p_get_proto_data(wmem_file_scope(), pinfo, proto_exch, EXCH_FRAME_DIRECTORY);
    guint flags = stored ? *stored : 0;
    const char *directory = role ? role->directory : "";
    const char *bind;
    proto_item *ti = NULL;       /* the expert infos' item */

    /* without a tree only the expert infos matter */
    if (!tree && !(flags & (DIR_CLEARTEXT | DIR_BIND_NOT_KEPT)))
        return;
    if (directory[0])
        ti = add_string(tree, hf_exch_dir_directory, tvb, directory);
    if ((bind = bind_security(pinfo, secure, conv)) != NULL)
        ti = add_string(tree, hf_exch_dir_bind, tvb, bind);
    add_flag(tree, hf_exch_dir_exchange55, tvb, flags, DIR_EXCHANGE55);
    add_flag(tree, hf_exch_dir_adc_sync, tvb, flags, DIR_ADC_SYNC);
    add_flag(tree, hf_exch_dir_dirsync, tvb, flags, DIR_DIRSYNC);
    if (strcmp(directory, "global-catalog") == 0)
        add_flag(tree, hf_exch_dir_forest_search, tvb, flags, DIR_ROOT_SEARCH);
    if (flags & DIR_CLEARTEXT)
        exch_credentials_report(tree, pinfo, tvb, 0, 0, "LDAP simple bind with a password");
    if (flags & DIR_BIND_NOT_KEPT)
        expert_add_info(pinfo, ti, &ei_exch_binds_capped);
}

/* --- dissectors ----------------------------------------------------------- */

/* LDAP on the ports of the roles srs, ldap-alt and gc-ssl, by Decode As, and on
 * the connections the heuristic found. Where the flow has a role with a
 * directory, the exch tree shows the analysis; elsewhere it goes under an
 * exch_ldap item that says how the LDAP was found. */
static int
dissect_exch_ldap(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    int consumed = beside_dissect(&ldap_beside, tvb, pinfo, tree, data, TRUE);
    const exch_role_t *role = exch_frame_role(pinfo);
    gboolean tls = in_tls(pinfo);
    exch_conv_t *conv;
    proto_item *ti;

    if (role && role->directory[0])
        return consumed;
    conv = tls && !PINFO_FD_VISITED(pinfo) ? exch_conv_get(pinfo) : exch_conv_find(pinfo);
    ti = proto_tree_add_item(tree, proto_exch_ldap, tvb, 0, 0, ENC_NA);
    if (conv && conv->found_by_heuristic)
        proto_item_append_text(ti, " (found by content)");
    else
        proto_item_append_text(ti, " (on port %u)", pinfo->match_uint);
    exch_directory_add_tree(proto_item_add_subtree(ti, ett_exch_ldap), tvb, pinfo, NULL,
                            exch_conv_in_tls(conv, pinfo, tls), conv);
    return consumed;
}

static int
dissect_ldap_beside(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&ldap_beside, tvb, pinfo, tree, data, FALSE);
}

/* A complete, consistent LDAPMessage at the start of the payload. */
static exch_heur_result_t
dissect_exch_ldap_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    guint8 head[2048];
    int len = MIN((int)tvb_captured_length(tvb), (int)sizeof head);
    ldap_facts_t facts;

    if (len < 7 || tvb_get_uint8(tvb, 0) != 0x30)
        return FALSE;
    tvb_memcpy(tvb, head, 0, len);
    if (ldap_read_message(head, (size_t)len, &facts) == 0)
        return FALSE;
    conversation_set_dissector(find_or_create_conversation(pinfo), exch_ldap_handle);
    exch_conv_get(pinfo)->found_by_heuristic = TRUE;
    dissect_exch_ldap(tvb, pinfo, tree, data);
    return TRUE;
}

void
exch_directory_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_exch_dir_directory, { "Directory", "exch.dir.directory", FT_STRING, BASE_NONE, NULL, 0x0,
            "Which directory the LDAP port addresses: domain (an AD domain naming context), global-catalog (the "
            "forest-wide partial replica), exchange55-srs (Exchange 5.5 through the Site Replication Service), "
            "exchange55-alt (Exchange 5.5 on its alternate port)",
            HFILL } },
        { &hf_exch_dir_bind, { "Bind security", "exch.dir.bind", FT_STRING, BASE_NONE, NULL, 0x0,
            "How the connection authenticated: anonymous, simple, sasl, sicily-ntlm, or tls (SSL port or "
            "StartTLS)", HFILL } },
        { &hf_exch_dir_exchange55, { "Exchange 5.5 naming", "exch.dir.exchange55", FT_BOOLEAN, BASE_NONE, NULL,
            0x0, "A DN in Exchange 5.5 form: o=..., with ou= or cn=Configuration, Microsoft DSA, Recipients",
            HFILL } },
        { &hf_exch_dir_adc_sync, { "ADC synchronisation", "exch.dir.adc_sync", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Active Directory Connector change tracking: a USN-Changed>= filter or msExchServer1HighestUSN / "
            "msExchServer2HighestUSN", HFILL } },
        { &hf_exch_dir_dirsync, { "DirSync", "exch.dir.dirsync", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The DirSync control 1.2.840.113556.1.4.841", HFILL } },
        { &hf_exch_dir_forest_search, { "Forest-wide search", "exch.dir.forest_search", FT_BOOLEAN, BASE_NONE,
            NULL, 0x0, "A Global Catalog subtree search based at \"\" or at a root naming context", HFILL } },
    };
    static gint *ett[] = { &ett_exch_ldap };
    static ei_register_info ei[] = {
        { &ei_exch_binds_capped, { "exch.binds_capped", PI_PROTOCOL, PI_NOTE,
            "Bind not remembered for the connection: 64 binds are remembered already", EXPFILL } },
    };

    proto_exch = proto;
    proto_register_field_array(proto_exch, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));

    proto_exch_ldap = proto_register_protocol("LDAP with Exchange directory analysis", "EXCH-LDAP", "exch_ldap");
    exch_ldap_handle = register_dissector("exch_ldap", dissect_exch_ldap, proto_exch_ldap);
    ldap_beside.proto = proto_exch_ldap;
    beside_register(&ldap_beside);
}

void
exch_directory_handoff(void)
{
    proto_tls = proto_get_id_by_filter_name("tls");
    /* LDAP's own ports (389, 3268; 636 after TLS) keep LDAP, with the analysis beside it */
    if (!beside_handoff(&ldap_beside, dissect_ldap_beside, "exch_ldap_stock", "LDAP (with Exchange directory analysis)",
                        (const char *const[]){ "tcp.port", "tls.port", NULL }))
        return;
    /* its ports are those of the roles srs, ldap-alt and gc-ssl (exch-roles.c) */
    dissector_add_for_decode_as("tcp.port", exch_ldap_handle);
    dissector_add_for_decode_as("tls.port", exch_ldap_handle);
    heur_dissector_add("tcp", dissect_exch_ldap_heur, "LDAP on any port (Exchange directory)", "exch_ldap_tcp",
                       proto_exch_ldap, HEURISTIC_ENABLE);
}
