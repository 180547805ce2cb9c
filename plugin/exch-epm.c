/* exch-epm.c
 * The endpoint mapper's answers on the msrpc ports (135): every TCP/IP tower
 * of a response becomes a learned endpoint (exch-learned.h) of the msrpc role.
 * The probe reads the bytes and hands them on untouched: it returns 0, so TCP
 * goes on to the stock DCE/RPC heuristic, which dissects them as before. TCP
 * calls it with every segment and with every PDU it reassembles; a PDU cut
 * short is read when it comes whole, and a response in several fragments is
 * read across their boundaries (lib/epm.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <wsutil/pint.h>

#include "compat.h"
#include "exch-conv.h"
#include "exch-epm.h"
#include "exch-evidence.h"
#include "exch-learned.h"
#include "packet-exch.h"
#include "lib/epm.h"
#include "lib/rpc-interfaces.h"

typedef struct {
    packet_info *pinfo;
    unsigned role;
} tower_ctx_t;

/* One of Exchange's RPC interfaces (fields/rpc-interfaces.tsv); uuid as in an
 * NDR little-endian tower. */
static gboolean
exchange_interface(const guint8 uuid[16])
{
    for (unsigned k = 0; k < exch_rpc_interface_count; k++) {
        const exch_rpc_interface_t *i = &exch_rpc_interfaces[k];
        if (pletohu32(uuid) == i->uuid.data1 && pletohu16(uuid + 4) == i->uuid.data2 &&
            pletohu16(uuid + 6) == i->uuid.data3 && memcmp(uuid + 8, i->uuid.data4, 8) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
learn_tower(const exch_epm_tower_t *tower, void *user)
{
    const tower_ctx_t *ctx = (const tower_ctx_t *)user;
    address server;
    exch_endpoint_t *e;
    static const guint8 any[4] = { 0 };

    /* 0.0.0.0: the mapper's own address, whichever of its addresses the client used */
    if (memcmp(tower->ipv4, any, 4) == 0)
        copy_address_shallow(&server, &ctx->pinfo->src);
    else
        set_address(&server, AT_IPv4, 4, tower->ipv4);
    if (exchange_interface(tower->uuid))
        exch_evidence_note(ctx->pinfo, &server, EXCH_EVIDENCE_EPM);
    e = exch_learned_announce(ctx->pinfo, &server, EXCH_TCP, tower->port, ctx->role);
    if (e)
        exch_endpoint_add_interface(e, tower->uuid, tower->version, ctx->pinfo->num);
}

/* The payload read last: TCP may offer the same payload twice (as the
 * server's port, then as the lower port), and it is read once. */
static const tvbuff_t *last_tvb;
static guint32 last_frame;

static void
forget_last_read(void)
{
    last_tvb = NULL;
    last_frame = 0;
}

static gboolean
read_already(tvbuff_t *tvb, const packet_info *pinfo)
{
    gboolean seen = last_tvb == tvb && last_frame == pinfo->num;

    last_tvb = tvb;
    last_frame = pinfo->num;
    return seen;
}

/* What a response fragment leaves to the next one on this connection. */
static exch_epm_carry_t *
connection_carry(packet_info *pinfo)
{
    exch_conv_t *data = exch_conv_get(pinfo);

    if (!data->epm_carry)
        data->epm_carry = wmem_new0(wmem_file_scope(), exch_epm_carry_t);
    return data->epm_carry;
}

static int
probe_epm(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
{
    guint len = tvb_captured_length(tvb);
    const exch_role_t *role;
    exch_epm_counts_t counts;
    tower_ctx_t ctx = { pinfo, 0 };

    /* answers come from the mapper's port, of a known server when they are listed
     * (exch_frame_role); the first pass learns for every pass */
    if (PINFO_FD_VISITED(pinfo) || pinfo->srcport != pinfo->match_uint || len == 0 || read_already(tvb, pinfo) ||
        !(role = exch_frame_role(pinfo)))
        return 0;
    ctx.role = (unsigned)(role - exch_roles);
    exch_epm_scan(tvb_get_ptr(tvb, 0, len), len, connection_carry(pinfo), learn_tower, &ctx, &counts);
    exch_learned_note_odd(pinfo, counts.odd, counts.skipped);
    return 0;
}

void
exch_epm_register(int proto_exch)
{
    /* a protocol in name only: the probe adds no layer */
    int proto = proto_register_protocol_in_name_only("Exchange endpoint mapper answers (learned endpoints)",
                                                     "Exchange EPM", "exch_epm", proto_exch, FT_PROTOCOL);

    register_dissector("exch_epm", probe_epm, proto);
    register_init_routine(forget_last_read);
}
