/* xlsa-transfer.c
 * Link-state transfers: assembly within caps, display, remembered GUIDs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>

#include "compat.h"
#include "xlsa-transfer.h"
#include "lib/linkstate.h"

static int hf_xlsa_transfer_chunks = -1;
static int hf_xlsa_transfer_length = -1;
static int hf_xlsa_transfer_chunk = -1;
static int hf_xlsa_guid = -1;
static int hf_xlsa_org_guid = -1;
static int hf_xlsa_digest = -1;
static int hf_xlsa_group = -1;
static int hf_xlsa_number = -1;
static int hf_xlsa_braced = -1;
static int hf_xlsa_long_value = -1;
static int hf_xlsa_word = -1;
static int hf_xlsa_bytes = -1;

static gint ett_xlsa_transfer = EXCH_ETT_INIT;
static gint ett_xlsa_group = EXCH_ETT_INIT;

static expert_field ei_xlsa_transfer_capped = EI_INIT;
static expert_field ei_xlsa_open_transfers_capped = EI_INIT;
static expert_field ei_xlsa_blob_capped = EI_INIT;
static expert_field ei_xlsa_guids_capped = EI_INIT;

static guint open_transfers;

/* GUIDs are searched for in opaque data, which few captures have: completed
 * transfers wait in unscanned until a search needs their GUIDs. The set fills
 * in the order the transfers completed, whenever the scan runs, so that every
 * pass remembers the same GUIDs. */
static lsa_guidset_t known_guids;
static GPtrArray *unscanned;          /* xlsa_transfer_t *, in completion order, at most XLSA_UNSCANNED_MAX */
static guint32 first_not_kept;        /* the first transfer with a GUID the full set could not keep; 0: none */

static void
transfers_init(void)
{
    open_transfers = 0;
    lsa_guidset_clear(&known_guids);
    first_not_kept = 0;
    if (unscanned)
        g_ptr_array_set_size(unscanned, 0);
    else
        unscanned = g_ptr_array_new();
}

static void
scan_transfer(const xlsa_transfer_t *t)
{
    for (size_t pos = 0; lsa_next_guid(t->data, t->len, &pos); pos += LSA_GUID_HEX)
        if (!lsa_guidset_add(&known_guids, t->data + pos, t->completed_in)) {
            first_not_kept = t->completed_in;
            return;
        }
}

/* Remembers the GUIDs of the transfers completed so far; once one did not
 * fit, the rest cannot either. */
static void
scan_unscanned(void)
{
    for (guint i = 0; i < unscanned->len && !first_not_kept; i++)
        scan_transfer((const xlsa_transfer_t *)g_ptr_array_index(unscanned, i));
    g_ptr_array_set_size(unscanned, 0);
}

/* --- assembly (first pass) ----------------------------------------------- */

xlsa_transfer_t *
xlsa_transfer_open(void)
{
    if (open_transfers >= XLSA_OPEN_TRANSFERS_MAX)
        return NULL;
    open_transfers++;
    return wmem_new0(wmem_file_scope(), xlsa_transfer_t);
}

void
xlsa_transfer_abandon(void)
{
    open_transfers--;
}

void
xlsa_transfer_append(xlsa_transfer_t *t, tvbuff_t *tvb, int offset, guint32 len, guint32 frame, guint32 key)
{
    guint32 room = XLSA_TRANSFER_MAX - t->len;
    guint32 take = len < room ? len : room;

    if (take) {
        t->data = (guint8 *)wmem_realloc(wmem_file_scope(), t->data, t->len + take);
        tvb_memcpy(tvb, t->data + t->len, offset, take);
        t->len += take;
    }
    t->truncated |= take < len;
    if (t->nframes < XLSA_TRANSFER_FRAMES)
        t->frames[t->nframes++] = frame;
    t->chunks++;
    t->last_frame = frame;
    t->last_key = key;
}

void
xlsa_transfer_complete(xlsa_transfer_t *t, guint32 frame)
{
    t->completed_in = frame;
    open_transfers--;
    if (first_not_kept)
        return;
    if (unscanned->len == XLSA_UNSCANNED_MAX)
        scan_unscanned();
    g_ptr_array_add(unscanned, t);
}

/* --- display --------------------------------------------------------------- */

/* The token's text, for a string field: tokens are printable ASCII. */
static proto_item *
add_text(proto_tree *tree, int hf, packet_info *pinfo, tvbuff_t *blob, const guint8 *data, const lsa_token_t *tok)
{
    return proto_tree_add_string(tree, hf, blob, (int)tok->off, (int)tok->len,
                                 wmem_strndup(pinfo->pool, (const char *)data + tok->off, tok->len));
}

static void
show_number(proto_tree *tree, packet_info *pinfo, tvbuff_t *blob, const guint8 *data, const lsa_token_t *tok)
{
    guint64 value;

    if (lsa_token_value(data, tok, &value))
        proto_tree_add_uint64(tree, tok->kind == LSA_TOK_NUMBER ? hf_xlsa_number : hf_xlsa_braced, blob,
                              (int)tok->off, (int)tok->len, value);
    else
        add_text(tree, hf_xlsa_long_value, pinfo, blob, data, tok);
}

static void
show_token(proto_tree *tree, packet_info *pinfo, tvbuff_t *blob, const guint8 *data, const lsa_token_t *tok,
           int org_hf)
{
    switch (tok->kind) {
    case LSA_TOK_GUID:
        if (org_hf != -1)
            proto_item_append_text(add_text(tree, org_hf, pinfo, blob, data, tok), " (possibly)");
        add_text(tree, hf_xlsa_guid, pinfo, blob, data, tok);
        break;
    case LSA_TOK_NUMBER:
    case LSA_TOK_LENGTH:
        show_number(tree, pinfo, blob, data, tok);
        break;
    case LSA_TOK_WORD:
        add_text(tree, hf_xlsa_word, pinfo, blob, data, tok);
        break;
    default:
        proto_tree_add_item(tree, hf_xlsa_bytes, blob, (int)tok->off, (int)tok->len, ENC_NA);
        break;
    }
}

/* Nested parentheses become groups; the values at org and digest (offsets,
 * or (size_t)-1) are possibly the organization's objectGUID and the MD5. */
static void
show_blob(packet_info *pinfo, proto_tree *tree, tvbuff_t *blob, const guint8 *data, guint32 len)
{
    proto_tree *stack[XLSA_BLOB_DEPTH + 1];
    proto_item *items[XLSA_BLOB_DEPTH + 1];
    unsigned depth = 0, shown = 0;
    gboolean deep = FALSE;
    size_t org = (size_t)-1, digest = (size_t)-1, pos;
    lsa_token_t tok;

    lsa_org_info(data, len, &org, &digest);
    stack[0] = tree;
    items[0] = NULL;
    for (pos = lsa_blob_next(data, len, 0, &tok); tok.kind != LSA_TOK_END; pos = lsa_blob_next(data, len, pos, &tok)) {
        if (++shown > XLSA_BLOB_ITEMS) {
            proto_item *ti = proto_tree_add_item(tree, hf_xlsa_bytes, blob, (int)tok.off, (int)(len - tok.off), ENC_NA);
            expert_add_info_format(pinfo, ti, &ei_xlsa_blob_capped,
                                   "Only the first %d tokens are shown", XLSA_BLOB_ITEMS);
            return;
        }
        if (tok.kind == LSA_TOK_OPEN && depth == XLSA_BLOB_DEPTH && !deep) {
            deep = TRUE;
            expert_add_info_format(pinfo, items[depth], &ei_xlsa_blob_capped,
                                   "Groups nested deeper than %d are shown flat", XLSA_BLOB_DEPTH);
        }
        if (tok.kind == LSA_TOK_OPEN && depth < XLSA_BLOB_DEPTH) {
            items[depth + 1] = proto_tree_add_item(stack[depth], hf_xlsa_group, blob, (int)tok.off, 1, ENC_NA);
            stack[depth + 1] = proto_item_add_subtree(items[depth + 1], ett_xlsa_group);
            depth++;
        } else if (tok.kind == LSA_TOK_CLOSE && depth > 0) {
            proto_item_set_end(items[depth], blob, (int)(tok.off + 1));
            depth--;
        } else if (tok.kind != LSA_TOK_OPEN && tok.kind != LSA_TOK_CLOSE) {
            show_token(stack[depth], pinfo, blob, data, &tok,
                       tok.off == org ? hf_xlsa_org_guid : tok.off == digest ? hf_xlsa_digest : -1);
        }
    }
}

proto_item *
xlsa_transfer_show(packet_info *pinfo, proto_tree *tree, tvbuff_t *parent, const xlsa_transfer_t *t)
{
    tvbuff_t *blob = tvb_new_child_real_data(parent, t->data, t->len, t->len);
    proto_item *length;
    proto_tree *tt;

    add_new_data_source(pinfo, blob, "Link-state transfer");
    tt = proto_tree_add_subtree_format(tree, blob, 0, -1, ett_xlsa_transfer, NULL,
                                       "Link-state transfer: %u chunks, %u bytes", t->chunks, t->len);
    proto_item_set_generated(proto_tree_add_uint(tt, hf_xlsa_transfer_chunks, blob, 0, 0, t->chunks));
    length = proto_tree_add_uint(tt, hf_xlsa_transfer_length, blob, 0, 0, t->len);
    proto_item_set_generated(length);
    for (guint32 i = 0; i < t->nframes; i++)
        proto_item_set_generated(proto_tree_add_uint(tt, hf_xlsa_transfer_chunk, blob, 0, 0, t->frames[i]));
    show_blob(pinfo, tt, blob, t->data, t->len);
    return length;
}

void
xlsa_transfer_experts(packet_info *pinfo, const xlsa_transfer_t *t, proto_item *item)
{
    if (t->truncated)
        expert_add_info_format(pinfo, item, &ei_xlsa_transfer_capped,
                               "Only the first %u bytes of the transfer are kept", XLSA_TRANSFER_MAX);
    if (t->chunks > t->nframes)
        expert_add_info_format(pinfo, item, &ei_xlsa_transfer_capped,
                               "Only the first %u chunk frames are linked", XLSA_TRANSFER_FRAMES);
}

void
xlsa_transfer_capped_expert(packet_info *pinfo, proto_item *item)
{
    expert_add_info(pinfo, item, &ei_xlsa_open_transfers_capped);
}

void
xlsa_guids_show_written(proto_tree *tree, tvbuff_t *tvb, const guint8 *data, size_t off, size_t run)
{
    for (size_t i = off; i + LSA_GUID_HEX <= off + run; i++)
        if (lsa_is_guid_at(data, off + run, i))
            proto_tree_add_item(tree, hf_xlsa_guid, tvb, (int)i, LSA_GUID_HEX, ENC_ASCII);
}

gboolean
xlsa_guids_complete_before(guint32 frame)
{
    scan_unscanned();
    return !first_not_kept || first_not_kept >= frame;
}

void
xlsa_guids_show_raw(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const guint8 *data, size_t len)
{
    scan_unscanned();
    if (known_guids.count == 0)
        return;
    for (size_t i = 0; i + 16 <= len; i++) {
        const char *text = lsa_guidset_find(&known_guids, data + i, pinfo->num);
        if (text) {
            proto_item *ti = proto_tree_add_string(tree, hf_xlsa_guid, tvb, (int)i, 16, text);
            proto_item_append_text(ti, " (raw bytes of a GUID named in link-state text)");
        }
    }
}

void
xlsa_guids_capped_expert(packet_info *pinfo, proto_item *item)
{
    expert_add_info(pinfo, item, &ei_xlsa_guids_capped);
}

void
xlsa_transfer_register(int proto_xlsa)
{
    static hf_register_info hf[] = {
        { &hf_xlsa_transfer_chunks, { "Chunks", "xlsa.transfer.chunks", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Chunks joined into this transfer", HFILL } },
        { &hf_xlsa_transfer_length, { "Length", "xlsa.transfer.length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes of the joined transfer", HFILL } },
        { &hf_xlsa_transfer_chunk, { "Chunk in", "xlsa.transfer.chunk_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "A frame carrying a chunk of this transfer", HFILL } },
        { &hf_xlsa_guid, { "GUID", "xlsa.guid", FT_STRING, BASE_NONE, NULL, 0x0,
            "32 hex digits, as link-state text writes GUIDs", HFILL } },
        { &hf_xlsa_org_guid, { "Organization objectGUID", "xlsa.org_guid", FT_STRING, BASE_NONE, NULL, 0x0,
            "Possibly: the first of two GUIDs opening the transfer (after a MULTI (n) ({hex}) header)",
            HFILL } },
        { &hf_xlsa_digest, { "MD5 digest", "xlsa.digest", FT_STRING, BASE_NONE, NULL, 0x0,
            "Possibly: the second of two GUID-like values opening the transfer", HFILL } },
        { &hf_xlsa_group, { "Group", "xlsa.group", FT_NONE, BASE_NONE, NULL, 0x0,
            "A parenthesised group of the transfer's text", HFILL } },
        { &hf_xlsa_number, { "Number", "xlsa.number", FT_UINT64, BASE_DEC, NULL, 0x0,
            "A decimal number token", HFILL } },
        { &hf_xlsa_braced, { "Braced value", "xlsa.braced", FT_UINT64, BASE_HEX, NULL, 0x0,
            "Hex digits in braces, e.g. {00000000051}", HFILL } },
        { &hf_xlsa_long_value, { "Long value", "xlsa.long_value", FT_STRING, BASE_NONE, NULL, 0x0,
            "A number or braced hex value too large for 64 bits, as written", HFILL } },
        { &hf_xlsa_word, { "Word", "xlsa.word", FT_STRING, BASE_NONE, NULL, 0x0,
            "A text token", HFILL } },
        { &hf_xlsa_bytes, { "Other bytes", "xlsa.bytes", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Bytes that are not text", HFILL } },
    };
    static gint *ett[] = { &ett_xlsa_transfer, &ett_xlsa_group };
    static ei_register_info ei[] = {
        { &ei_xlsa_transfer_capped, { "xlsa.transfer_capped", PI_PROTOCOL, PI_NOTE,
            "Transfer kept in part: over 1 MiB, or over 64 chunk frames", EXPFILL } },
        { &ei_xlsa_open_transfers_capped, { "xlsa.open_transfers_capped", PI_PROTOCOL, PI_NOTE,
            "Transfer not assembled: 1,024 transfers are open at once in the capture", EXPFILL } },
        { &ei_xlsa_blob_capped, { "xlsa.blob_capped", PI_PROTOCOL, PI_NOTE,
            "Transfer shown in part: over 4,096 tokens or groups nested over 32 deep", EXPFILL } },
        { &ei_xlsa_guids_capped, { "xlsa.guids_capped", PI_PROTOCOL, PI_NOTE,
            "Not every GUID named in link-state text before this data is searched for: 256 are remembered",
            EXPFILL } },
    };

    proto_register_field_array(proto_xlsa, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_xlsa), ei, array_length(ei));
    register_init_routine(transfers_init);
}
