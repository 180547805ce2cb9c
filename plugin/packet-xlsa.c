/* packet-xlsa.c
 * Microsoft Exchange Link State (X-LSA-2 / X-LINK2STATE): the routing engine's
 * link-state exchange, on TCP 691 and inside SMTP.
 *
 * On 691 (and on other ports through the xlsa_tcp heuristic) this dissector
 * owns the connection: SMTP-like text lines, or opaque records when the data is
 * not text. On the SMTP ports it runs beside the stock SMTP dissector, which
 * keeps its tree and fields; only link-state lines, their replies and the
 * Exchange EHLO keywords get an xlsa tree.
 *
 * The wire format is mostly not public (see README): where the sources are
 * silent, the bytes are shown and meanings are marked as possible.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/proto_data.h>
#include <epan/strutil.h>
#include <epan/dissectors/packet-tcp.h>

#include "beside.h"
#include "compat.h"
#include "exch-conv.h"
#include "exch-security.h"
#include "exch-evidence.h"
#include "exch-servers.h"
#include "packet-exch.h"
#include "xlsa-transfer.h"
#include "lib/linkstate.h"

#define XLSA_MAX_REASSEMBLY 65536        /* a longer line is shown in pieces */
#define XLSA_PENDING 16                  /* commands awaiting a reply, per direction */
#define XLSA_HEAD 64                     /* bytes of a line read to classify it */
#define XLSA_RECORD_STRINGS 64
#define XLSA_RECORD_SCAN 65536
#define XLSA_MIN_STRING 4

static int proto_xlsa = -1;

static int hf_xlsa_command = -1;
static int hf_xlsa_parameter = -1;
static int hf_xlsa_chunk_marker = -1;
static int hf_xlsa_chunk_declared_length = -1;
static int hf_xlsa_chunk_length = -1;
static int hf_xlsa_chunk_data = -1;
static int hf_xlsa_response_code = -1;
static int hf_xlsa_response_text = -1;
static int hf_xlsa_ehlo_keyword = -1;
static int hf_xlsa_bridgehead = -1;
static int hf_xlsa_request_in = -1;
static int hf_xlsa_response_in = -1;
static int hf_xlsa_time = -1;
static int hf_xlsa_message_data = -1;
static int hf_xlsa_fragment = -1;
static int hf_xlsa_transfer_in = -1;
static int hf_xlsa_record = -1;
static int hf_xlsa_string = -1;

static gint ett_xlsa = EXCH_ETT_INIT;
static gint ett_xlsa_line = EXCH_ETT_INIT;
static gint ett_xlsa_string = EXCH_ETT_INIT;

static expert_field ei_xlsa_ms05_021 = EI_INIT;
static expert_field ei_xlsa_line_too_long = EI_INIT;
static expert_field ei_xlsa_chunk_out_of_order = EI_INIT;
static expert_field ei_xlsa_length_mismatch = EI_INIT;
static expert_field ei_xlsa_unterminated = EI_INIT;
static expert_field ei_xlsa_replies_capped = EI_INIT;
static expert_field ei_xlsa_strings_capped = EI_INIT;

static dissector_handle_t xlsa_handle;

static void analyse_beside_smtp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, int end);
static beside_t smtp_beside = { "smtp", "xlsa.smtp", -1, analyse_beside_smtp, NULL, NULL };

/* --- state ---------------------------------------------------------------- */

typedef enum { LINE_COMMAND, LINE_REPLY, LINE_BODY, LINE_FRAGMENT } line_kind_t;

/* What the first pass learned about one line, shown by every later pass. */
typedef struct {
    guint8 kind;                /* line_kind_t */
    gboolean keyword;           /* an EHLO keyword line */
    gboolean bridgehead;        /* ... and it is X-LINK2STATE */
    gboolean capped;            /* a FIRST not assembled: too many open transfers */
    gboolean link_lost;         /* a reply whose command left the pending ring */
    gboolean server_not_kept;   /* a bridgehead the server table had no room for */
    guint8 marker;              /* a chunk's lsa_marker_t, ... */
    gboolean has_declared;      /* ... its {hex} length ... */
    guint32 declared;
    guint32 data_len;           /* ... and its data length: the expert infos need no re-parse */
    guint32 events;             /* LSA_EV_* */
    guint32 span;               /* message content: its length */
    guint32 request_in;
    guint32 response_in;
    nstime_t sent;              /* a command's time */
    nstime_t delta;             /* a reply's response time */
    xlsa_transfer_t *transfer;
} xlsa_line_t;

enum {                          /* what a pending command asks for */
    CMD_EHLO = 1 << 0, CMD_DATA = 1 << 1, CMD_XEXCH50 = 1 << 2, CMD_LINK_STATE = 1 << 3,
};

typedef struct {
    guint32 seq;                /* the command's number in its direction */
    guint32 kind;               /* CMD_* */
    guint32 arg;                /* XEXCH50's byte count */
    guint32 frame;
    xlsa_line_t *line;          /* NULL when the line is not shown */
} xlsa_pending_t;

typedef enum { MODE_UNKNOWN, MODE_TEXT, MODE_BINARY } data_mode_t;

/* Where the last data of a direction ended: at a line start, inside a command
 * or reply line, or inside a line of message content (the rest is content). */
typedef enum { CUT_NONE, CUT_LINE, CUT_CONTENT } cut_t;

typedef struct {
    address first_src;          /* direction 0 is the first sender's */
    guint32 first_srcport;
    lsa_chunks_t chunks;
    xlsa_transfer_t *open[2];
    xlsa_pending_t *pending[2]; /* rings of XLSA_PENDING, made at the first command */
    guint32 commands[2];        /* commands sent, per direction */
    guint32 replies[2];         /* replies started, per direction */
    xlsa_pending_t answering[2];/* the command the open reply answers */
    gboolean reply_open[2];
    gboolean in_body[2];        /* DATA accepted: message lines until "." */
    guint32 skip[2];            /* BDAT / XEXCH50 bytes still to come */
    guint8 cut[2];              /* the last data ended inside a line: cut_t */
    gboolean lost_line[2];      /* a line was seen only in pieces */
    guint8 mode[2];             /* data_mode_t */
    gboolean starttls_offered;  /* an EHLO reply advertised STARTTLS */
    gboolean authenticated;     /* the client sent AUTH or X-EXPS */
    gboolean found[2];          /* a STARTTLS / link-state finding reported on this connection */
} xlsa_conv_t;


typedef struct {
    tvbuff_t *tvb;
    packet_info *pinfo;
    proto_tree *parent;
    proto_tree *tree;           /* the xlsa tree, made at the first shown line */
    xlsa_conv_t *conv;
    unsigned dir;
    guint32 key_base;           /* TCP sequence number of the tvb's first byte */
    gboolean beside_smtp;
} xlsa_ctx_t;

static xlsa_conv_t *
get_conv(packet_info *pinfo)
{
    conversation_t *conversation = exch_conversation(pinfo);
    xlsa_conv_t *conv;

    if (!conversation)
        conversation = find_or_create_conversation(pinfo);
    conv = (xlsa_conv_t *)conversation_get_proto_data(conversation, proto_xlsa);

    if (!conv) {
        conv = wmem_new0(wmem_file_scope(), xlsa_conv_t);
        copy_address_wmem(wmem_file_scope(), &conv->first_src, &pinfo->src);
        conv->first_srcport = pinfo->srcport;
        conversation_add_proto_data(conversation, proto_xlsa, conv);
    }
    return conv;
}

static unsigned
direction(const xlsa_conv_t *conv, const packet_info *pinfo)
{
    return (addresses_equal(&conv->first_src, &pinfo->src) && conv->first_srcport == pinfo->srcport) ? 0 : 1;
}

/* The xlsa tree, made at the first shown line; NULL when no tree is built or
 * nothing of xlsa is shown or filtered on (tshark -T fields -e frame.number):
 * then only the expert infos are added. A line with an expert of exch (which
 * filtering on does not make xlsa referenced) forces it: the expert needs its item. */
static proto_tree *
xlsa_tree(xlsa_ctx_t *ctx, gboolean force)
{
    if (!ctx->tree && ctx->parent && (force || proto_field_is_referenced(ctx->parent, proto_xlsa))) {
        proto_item *ti = proto_tree_add_item(ctx->parent, proto_xlsa, ctx->tvb, 0, -1, ENC_NA);
        ctx->tree = proto_item_add_subtree(ti, ett_xlsa);
    }
    return ctx->tree;
}

/* --- first pass: transfers ------------------------------------------------ */

static void
chunk_events(xlsa_ctx_t *ctx, xlsa_line_t *line, const lsa_command_t *cmd, int offset, guint32 key)
{
    xlsa_conv_t *conv = ctx->conv;
    unsigned dir = ctx->dir;
    guint64 length = MAX((guint64)cmd->data_len, cmd->has_declared ? (guint64)cmd->declared : 0);

    line->marker = (guint8)cmd->marker;
    line->has_declared = cmd->has_declared;
    line->declared = cmd->declared;
    line->data_len = (guint32)cmd->data_len;
    line->events = lsa_chunks_feed(&conv->chunks, dir, cmd->marker, length);
    if (conv->lost_line[dir])
        line->events &= ~(guint32)(LSA_EV_OUT_OF_ORDER | LSA_EV_MS05_021);
    if (line->events & LSA_EV_STARTS) {
        if (conv->open[dir])
            xlsa_transfer_abandon();
        conv->open[dir] = xlsa_transfer_open();
        line->capped = conv->open[dir] == NULL;
    }
    if (!(line->events & (LSA_EV_STARTS | LSA_EV_APPENDS)) || !conv->open[dir])
        return;
    line->transfer = conv->open[dir];
    xlsa_transfer_append(line->transfer, ctx->tvb, offset + (int)cmd->data_off, (guint32)cmd->data_len,
                         ctx->pinfo->num, key);
    if (line->events & LSA_EV_COMPLETES) {
        xlsa_transfer_complete(line->transfer, ctx->pinfo->num);
        conv->open[dir] = NULL;
    }
}

/* --- first pass: lines ---------------------------------------------------- */

static xlsa_line_t *
new_line(line_kind_t kind)
{
    xlsa_line_t *line = wmem_new0(wmem_file_scope(), xlsa_line_t);

    line->kind = kind;
    return line;
}

static guint32
pending_kind(const guint8 *head, size_t len, const lsa_command_t *cmd, guint32 *arg)
{
    *arg = 0;
    if (cmd->link_state)
        return CMD_LINK_STATE;
    if (lsa_word_is(head, len, "EHLO"))
        return CMD_EHLO;
    if (lsa_word_is(head, len, "DATA"))
        return CMD_DATA;
    if (lsa_word_is(head, len, "XEXCH50")) {
        *arg = lsa_number(head + cmd->param_off, len - cmd->param_off);
        return CMD_XEXCH50;
    }
    return 0;
}

static void
push_pending(xlsa_conv_t *conv, unsigned dir, guint32 kind, guint32 arg, guint32 frame, xlsa_line_t *line)
{
    xlsa_pending_t *slot;

    if (!conv->pending[dir])
        conv->pending[dir] = wmem_alloc0_array(wmem_file_scope(), xlsa_pending_t, XLSA_PENDING);
    slot = &conv->pending[dir][conv->commands[dir] % XLSA_PENDING];
    slot->seq = conv->commands[dir]++;
    slot->kind = kind;
    slot->arg = arg;
    slot->frame = frame;
    slot->line = line;
}

/* The command that reply number n of the other direction answers, if still
 * in the ring: counting keeps pipelined replies matched even after the ring
 * has overflowed. */
static gboolean
answered_command(const xlsa_conv_t *conv, unsigned cmd_dir, guint32 n, xlsa_pending_t *cmd)
{
    const xlsa_pending_t *slot;

    memset(cmd, 0, sizeof *cmd);
    if (!conv->pending[cmd_dir])
        return FALSE;
    slot = &conv->pending[cmd_dir][n % XLSA_PENDING];
    if (slot->seq != n)
        return FALSE;
    *cmd = *slot;
    return TRUE;
}

/* What a client command says about the connection's security: STARTTLS
 * offered and MAIL, AUTH or link state still in the clear (exch_security_mark
 * ignores what TLS carries), link state before any authentication. Each at
 * most once per connection. */
static void
note_security(xlsa_ctx_t *ctx, const guint8 *text, size_t len, gboolean link_state)
{
    xlsa_conv_t *conv = ctx->conv;

    if (lsa_word_is(text, len, "AUTH") || lsa_word_is(text, len, "X-EXPS"))
        conv->authenticated = TRUE;
    if (conv->starttls_offered && !conv->found[0] &&
        (lsa_word_is(text, len, "MAIL") || lsa_word_is(text, len, "AUTH") || link_state)) {
        conv->found[0] = TRUE;
        exch_security_mark(ctx->pinfo, EXCH_FINDING_STARTTLS_NOT_USED);
    }
    if (link_state && !conv->authenticated && !conv->found[1]) {
        conv->found[1] = TRUE;
        exch_security_mark(ctx->pinfo, EXCH_FINDING_UNAUTHENTICATED_LINK_STATE);
    }
}

static xlsa_line_t *
analyse_command(xlsa_ctx_t *ctx, int offset, int len, const guint8 *head, guint32 key)
{
    xlsa_conv_t *conv = ctx->conv;
    lsa_command_t cmd;
    const guint8 *text = head;
    size_t text_len = MIN((size_t)len, XLSA_HEAD);
    xlsa_line_t *line = NULL;
    guint32 kind, arg;
    const char *what;

    if (lsa_is_link_state_word(head, text_len)) {
        text = (const guint8 *)tvb_memdup(ctx->pinfo->pool, ctx->tvb, offset, len);
        text_len = (size_t)len;
    }
    lsa_parse_command(text, text_len, &cmd);
    kind = pending_kind(text, text_len, &cmd, &arg);
    if ((what = exch_credentials_in_line(EXCH_TEXT_SMTP, text, text_len)) != NULL)
        exch_credentials_mark(ctx->pinfo, what);
    note_security(ctx, text, text_len, cmd.link_state);
    if (!ctx->beside_smtp || cmd.link_state) {
        line = new_line(LINE_COMMAND);
        line->sent = ctx->pinfo->abs_ts;
    }
    if (cmd.chunk && line)
        chunk_events(ctx, line, &cmd, offset, key);
    if (lsa_word_is(text, text_len, "BDAT"))   /* the chunk's bytes follow the line */
        conv->skip[ctx->dir] = lsa_number(text + cmd.param_off, text_len - cmd.param_off);
    push_pending(conv, ctx->dir, kind, arg, ctx->pinfo->num, line);
    return line;
}

/* The extensions only Exchange advertises (KB 812455). */
static gboolean
exchange_keyword(const guint8 *text, size_t len)
{
    static const char *const keywords[] = { "X-LINK2STATE", "X-LSA-2", "XEXCH50", "X-EXPS" };
    size_t word = lsa_keyword_len(text, len);

    for (size_t i = 0; i < G_N_ELEMENTS(keywords); i++)
        if (word == strlen(keywords[i]) && g_ascii_strncasecmp((const char *)text, keywords[i], word) == 0)
            return TRUE;
    return FALSE;
}

/* A reply with no command before it (the greeting) answers nothing. Returns
 * FALSE when the command it answers has left the ring of pending commands. */
static gboolean
start_reply(xlsa_conv_t *conv, unsigned dir, unsigned code)
{
    unsigned other = dir ^ 1;
    xlsa_pending_t latest;
    gboolean linked = TRUE;

    memset(&conv->answering[dir], 0, sizeof conv->answering[dir]);
    if (conv->replies[dir] < conv->commands[other])
        linked = answered_command(conv, other, conv->replies[dir]++, &conv->answering[dir]);
    /* 354 answers the latest command: DATA and XEXCH50 end a pipelined group,
     * and the client waits for 354 before it sends the content. */
    if (code == 354 && conv->commands[other] > 0 &&
        answered_command(conv, other, conv->commands[other] - 1, &latest)) {
        if (latest.kind & CMD_DATA)
            conv->in_body[other] = TRUE;
        if (latest.kind & CMD_XEXCH50)
            conv->skip[other] = latest.arg;
    }
    return linked;
}

static xlsa_line_t *
analyse_reply(xlsa_ctx_t *ctx, const lsa_reply_t *reply, const guint8 *head, size_t head_len)
{
    xlsa_conv_t *conv = ctx->conv;
    unsigned dir = ctx->dir;
    gboolean first = !conv->reply_open[dir];
    const xlsa_pending_t *cmd = &conv->answering[dir];
    const guint8 *word = head + reply->text_off;
    size_t word_len = head_len - reply->text_off;
    gboolean keyword, link_state_word, linked = TRUE, kept = TRUE;
    xlsa_line_t *line;

    if (first)
        linked = start_reply(conv, dir, reply->code);
    conv->reply_open[dir] = reply->continues;
    keyword = !first && (cmd->kind & CMD_EHLO);
    link_state_word = keyword && lsa_word_is(word, word_len, "X-LINK2STATE");
    if (link_state_word)
        kept = exch_servers_note(&ctx->pinfo->src, (guint16)ctx->pinfo->srcport, EXCH_SERVER_BRIDGEHEAD,
                                 ctx->pinfo->num);
    if (keyword && lsa_word_is(word, word_len, "STARTTLS"))
        conv->starttls_offered = TRUE;
    if (first && (cmd->kind & CMD_LINK_STATE) && reply->code >= 200 && reply->code < 400)
        exch_evidence_note(ctx->pinfo, &ctx->pinfo->src, EXCH_EVIDENCE_LINK_STATE);  /* not a 500 of Postfix */
    else if (keyword && exchange_keyword(word, word_len))
        exch_evidence_note(ctx->pinfo, &ctx->pinfo->src, EXCH_EVIDENCE_EHLO);
    else if (first && reply->code == 220 && !cmd->frame &&
             exch_greeting_evidence(head, head_len) == EXCH_EVIDENCE_SMTP_GREETING)
        exch_evidence_note(ctx->pinfo, &ctx->pinfo->src, EXCH_EVIDENCE_SMTP_GREETING);
    if (ctx->beside_smtp && !(cmd->kind & CMD_LINK_STATE) && !(keyword && exchange_keyword(word, word_len)))
        return NULL;
    line = new_line(LINE_REPLY);
    line->keyword = keyword;
    line->bridgehead = link_state_word;
    line->link_lost = !linked;
    line->server_not_kept = !kept;
    if (first && cmd->line) {
        line->request_in = cmd->frame;
        cmd->line->response_in = ctx->pinfo->num;
        nstime_delta(&line->delta, &ctx->pinfo->abs_ts, &cmd->line->sent);
    }
    return line;
}

/* The end of the line "." that ends a DATA message, at or after offset; -1
 * when the data ends first. A "." at the very end counts: the segment holds
 * no more of the line. */
static int
message_end(xlsa_ctx_t *ctx, int offset, int end)
{
    for (int dot = offset; (dot = tvb_find_uint8(ctx->tvb, dot, end - dot, '.')) >= 0; dot++) {
        int next;

        if (dot == offset ? ctx->conv->cut[ctx->dir] != CUT_NONE : tvb_get_uint8(ctx->tvb, dot - 1) != '\n')
            continue;
        if (tvb_find_line_end(ctx->tvb, dot, end - dot, &next, FALSE) == 1)
            return next;
    }
    return -1;
}

/* Message content (DATA, BDAT, XEXCH50) is not made of commands, and is
 * passed over at memchr speed rather than line by line: binary content by its
 * size, a DATA message up to and including the line "." that ends it, and the
 * rest of a content line cut by the end of the last data. Returns the length
 * of the content at offset, 0 when none is due. */
static int
message_content(xlsa_ctx_t *ctx, int offset, int end)
{
    xlsa_conv_t *conv = ctx->conv;
    unsigned dir = ctx->dir;
    int stop;

    if (conv->skip[dir]) {
        guint32 n = MIN(conv->skip[dir], (guint32)(end - offset));

        conv->skip[dir] -= n;
        conv->cut[dir] = CUT_NONE;
        return (int)n;
    }
    if (conv->in_body[dir]) {
        stop = message_end(ctx, offset, end);
        conv->in_body[dir] = stop < 0;
        if (stop < 0)
            stop = end;
    } else if (conv->cut[dir] == CUT_CONTENT) {
        tvb_find_line_end(ctx->tvb, offset, end - offset, &stop, FALSE);
    } else {
        return 0;
    }
    conv->cut[dir] = tvb_get_uint8(ctx->tvb, stop - 1) == '\n' ? CUT_NONE : CUT_CONTENT;
    return stop - offset;
}

static xlsa_line_t *
analyse_line(xlsa_ctx_t *ctx, int offset, int len, gboolean terminated, guint32 key)
{
    xlsa_conv_t *conv = ctx->conv;
    unsigned dir = ctx->dir;
    guint8 head[XLSA_HEAD];
    int head_len = MIN(len, XLSA_HEAD);
    gboolean continuation = conv->cut[dir] == CUT_LINE;
    lsa_reply_t reply;

    conv->cut[dir] = terminated ? CUT_NONE : CUT_LINE;
    tvb_memcpy(ctx->tvb, head, offset, head_len);
    if (continuation || !terminated) {
        /* A piece of a line (TCP desegmentation off): not understood, and the
         * chunk sequence of this direction can no longer be judged. */
        conv->lost_line[dir] = TRUE;
        return ctx->beside_smtp ? NULL : new_line(LINE_FRAGMENT);
    }
    if (lsa_parse_reply(head, (size_t)head_len, &reply))
        return analyse_reply(ctx, &reply, head, (size_t)head_len);
    return analyse_command(ctx, offset, len, head, key);
}

/* --- display -------------------------------------------------------------- */

/* The proto items the expert infos attach to; NULL without a tree. */
typedef struct {
    proto_item *line, *marker, *declared, *data, *transfer, *bridgehead;
} line_items_t;

static void
show_chunk(xlsa_ctx_t *ctx, proto_tree *tree, const xlsa_line_t *line, const lsa_command_t *cmd,
           int offset, line_items_t *items)
{
    const xlsa_transfer_t *t = line->transfer;

    if (cmd->marker != LSA_MARKER_NONE)
        items->marker = proto_tree_add_item(tree, hf_xlsa_chunk_marker, ctx->tvb, offset + (int)cmd->marker_off,
                                            (int)cmd->marker_len, ENC_ASCII);
    if (cmd->has_declared)
        items->declared = proto_tree_add_uint(tree, hf_xlsa_chunk_declared_length, ctx->tvb,
                                              offset + (int)cmd->declared_off, (int)cmd->declared_len,
                                              cmd->declared);
    items->data = proto_tree_add_item(tree, hf_xlsa_chunk_data, ctx->tvb, offset + (int)cmd->data_off,
                                      (int)cmd->data_len, ENC_NA);
    proto_item_set_generated(proto_tree_add_uint(tree, hf_xlsa_chunk_length, ctx->tvb,
                                                 offset + (int)cmd->data_off, (int)cmd->data_len,
                                                 (guint32)cmd->data_len));
    if (t && t->completed_in && t->completed_in != ctx->pinfo->num)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_xlsa_transfer_in, ctx->tvb, 0, 0, t->completed_in));
    if (t && t->completed_in == ctx->pinfo->num && (line->events & LSA_EV_COMPLETES))
        items->transfer = xlsa_transfer_show(ctx->pinfo, tree, ctx->tvb, t);
}

static void
show_command(xlsa_ctx_t *ctx, proto_tree *tree, const xlsa_line_t *line, int offset, int len,
             line_items_t *items)
{
    const guint8 *text = (const guint8 *)tvb_memdup(ctx->pinfo->pool, ctx->tvb, offset, len);
    lsa_command_t cmd;

    lsa_parse_command(text, (size_t)len, &cmd);
    proto_tree_add_item(tree, hf_xlsa_command, ctx->tvb, offset, (int)cmd.verb_len, ENC_ASCII);
    if (cmd.param_len)
        proto_tree_add_item(tree, hf_xlsa_parameter, ctx->tvb, offset + (int)cmd.param_off, (int)cmd.param_len,
                            ENC_ASCII);
    if (cmd.chunk)
        show_chunk(ctx, tree, line, &cmd, offset, items);
    if (line->response_in)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_xlsa_response_in, ctx->tvb, 0, 0, line->response_in));
}

static void
show_reply(xlsa_ctx_t *ctx, proto_tree *tree, const xlsa_line_t *line, int offset, int len,
           line_items_t *items)
{
    guint8 head[4];
    lsa_reply_t reply;

    tvb_memcpy(ctx->tvb, head, offset, MIN(len, 4));
    lsa_parse_reply(head, (size_t)MIN(len, 4), &reply);
    proto_tree_add_uint(tree, hf_xlsa_response_code, ctx->tvb, offset, 3, reply.code);
    if (len > (int)reply.text_off)
        proto_tree_add_item(tree, hf_xlsa_response_text, ctx->tvb, offset + (int)reply.text_off,
                            len - (int)reply.text_off, ENC_ASCII);
    if (line->keyword) {
        int text_len = len - (int)reply.text_off;
        const guint8 *text = (const guint8 *)tvb_memdup(ctx->pinfo->pool, ctx->tvb, offset + (int)reply.text_off,
                                                        text_len);
        proto_tree_add_item(tree, hf_xlsa_ehlo_keyword, ctx->tvb, offset + (int)reply.text_off,
                            (int)lsa_keyword_len(text, (size_t)text_len), ENC_ASCII);
    }
    if (line->bridgehead) {
        items->bridgehead = proto_tree_add_boolean(tree, hf_xlsa_bridgehead, ctx->tvb, 0, 0, TRUE);
        proto_item_set_generated(items->bridgehead);
    }
    if (line->request_in) {
        proto_item_set_generated(proto_tree_add_uint(tree, hf_xlsa_request_in, ctx->tvb, 0, 0, line->request_in));
        proto_item_set_generated(proto_tree_add_time(tree, hf_xlsa_time, ctx->tvb, 0, 0, &line->delta));
    }
}

/* Every expert info of a line comes from what the first pass recorded, so that
 * they are the same with and without a tree. */
static void
line_experts(xlsa_ctx_t *ctx, const xlsa_line_t *line, int total, guint32 key, const line_items_t *items)
{
    packet_info *pinfo = ctx->pinfo;
    proto_item *chunk = items->marker ? items->marker : items->data;
    const xlsa_transfer_t *t = line->transfer;

    if (total > LSA_MAX_LINE && (line->kind == LINE_COMMAND || line->kind == LINE_REPLY))
        expert_add_info_format(pinfo, items->line, &ei_xlsa_line_too_long,
                               "Line of %d bytes: over the 1,024 bytes documented as the maximum (KB 812455)",
                               total);
    if (line->events & LSA_EV_MS05_021)
        expert_add_info_format(pinfo, items->data, &ei_xlsa_ms05_021,
            "Unmarked X-LINK2STATE chunk of %u bytes with no earlier FIRST chunk: the pattern of the "
            "MS05-021 / CVE-2005-0560 heap overflow in xlsasink.dll (exploit-db 947)", line->data_len);
    if (line->events & LSA_EV_OUT_OF_ORDER)
        expert_add_info_format(pinfo, chunk, &ei_xlsa_chunk_out_of_order, "%s",
            line->marker == LSA_MARKER_FIRST ? "FIRST chunk while a transfer is still open: the open one is dropped"
                                             : "NEXT or LAST chunk with no open FIRST");
    if (line->has_declared && line->declared != line->data_len)
        expert_add_info_format(pinfo, items->declared, &ei_xlsa_length_mismatch,
                               "Declared length %u, chunk data %u bytes", line->declared, line->data_len);
    if (line->capped)
        xlsa_transfer_capped_expert(pinfo, chunk);
    if (line->server_not_kept)
        expert_add_info(pinfo, items->bridgehead, &ei_exch_servers_capped);
    if (line->link_lost)
        expert_add_info(pinfo, items->line, &ei_xlsa_replies_capped);
    if (t && t->completed_in == pinfo->num && (line->events & LSA_EV_COMPLETES))
        xlsa_transfer_experts(pinfo, t, items->transfer);
    /* Known only once the whole capture has been read: the GUI, tshark -2. */
    if (t && PINFO_FD_VISITED(pinfo) && !t->completed_in && t->last_frame == pinfo->num && t->last_key == key)
        expert_add_info_format(pinfo, items->data, &ei_xlsa_unterminated,
                               "Link-state transfer of %u chunk%s never got its LAST chunk",
                               t->chunks, plurality(t->chunks, "", "s"));
}

static void
show_line(xlsa_ctx_t *ctx, const xlsa_line_t *line, int offset, int len, int total, guint32 key)
{
    static const char *const kind_names[] = { "Command", "Response", "Message data", "Line fragment" };
    proto_tree *tree = xlsa_tree(ctx, line->server_not_kept);
    line_items_t items = { 0 };
    proto_tree *lt;

    if (!ctx->beside_smtp && ctx->pinfo->cinfo)
        col_append_sep_str(ctx->pinfo->cinfo, COL_INFO, " | ",
                           tvb_format_text(ctx->pinfo->pool, ctx->tvb, offset, MIN(len, 80)));
    if (tree) {
        lt = proto_tree_add_subtree_format(tree, ctx->tvb, offset, total, ett_xlsa_line, &items.line, "%s: %s",
                                           kind_names[line->kind],
                                           tvb_format_text(ctx->pinfo->pool, ctx->tvb, offset, MIN(len, 120)));
        if (line->kind == LINE_COMMAND)
            show_command(ctx, lt, line, offset, len, &items);
        else if (line->kind == LINE_REPLY)
            show_reply(ctx, lt, line, offset, len, &items);
        else
            proto_tree_add_item(lt, line->kind == LINE_BODY ? hf_xlsa_message_data : hf_xlsa_fragment,
                                ctx->tvb, offset, total, ENC_NA);
    }
    line_experts(ctx, line, total, key, &items);
}

static xlsa_line_t *
keep_line(xlsa_ctx_t *ctx, guint32 key, xlsa_line_t *line)
{
    if (line)
        p_add_proto_data(wmem_file_scope(), ctx->pinfo, proto_xlsa, key, line);
    return line;
}

/* Message content at offset, read on the first pass; kept also when it is not
 * shown (beside SMTP) so that later passes cut the data at the same places. */
static xlsa_line_t *
analyse_content(xlsa_ctx_t *ctx, int offset, int end, guint32 key)
{
    int span = message_content(ctx, offset, end);
    xlsa_line_t *line;

    if (!span)
        return NULL;
    line = new_line(LINE_BODY);
    line->span = (guint32)span;
    return keep_line(ctx, key, line);
}

/* Processes the lines of tvb[offset, end); with desegment, stops before an
 * unfinished last line and returns its offset, else returns end. */
static int
process_lines(xlsa_ctx_t *ctx, int offset, int end, gboolean desegment)
{
    gboolean first_pass = !PINFO_FD_VISITED(ctx->pinfo);

    while (offset < end) {
        guint32 key = ctx->key_base + (guint32)offset;
        xlsa_line_t *line = first_pass ? analyse_content(ctx, offset, end, key)
                                       : (xlsa_line_t *)p_get_proto_data(wmem_file_scope(), ctx->pinfo,
                                                                         proto_xlsa, key);
        int next, len;

        if (line && line->kind == LINE_BODY) {
            next = offset + (int)line->span;
            if (!ctx->beside_smtp)
                show_line(ctx, line, offset, (int)line->span, (int)line->span, key);
        } else {
            len = tvb_find_line_end(ctx->tvb, offset, end - offset, &next, desegment);
            if (len < 0)
                return offset;
            if (first_pass)
                line = keep_line(ctx, key, analyse_line(ctx, offset, len, next > offset + len, key));
            if (line)
                show_line(ctx, line, offset, len, next - offset, key);
        }
        offset = next;
    }
    return end;
}

/* --- opaque data ---------------------------------------------------------- */

static int
dissect_opaque_record(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    int len = tvb_captured_length(tvb);
    size_t scan = (size_t)MIN(len, XLSA_RECORD_SCAN), pos = 0, off, run;
    const guint8 *data;
    proto_item *record;

    col_append_sep_fstr(pinfo->cinfo, COL_INFO, " | ", "Opaque record, %d bytes", len);
    record = proto_tree_add_item(tree, hf_xlsa_record, tvb, 0, len, ENC_NA);
    if (!xlsa_guids_complete_before(pinfo->num))
        xlsa_guids_capped_expert(pinfo, record);
    if (!tree)
        return len;
    data = (const guint8 *)tvb_memdup(pinfo->pool, tvb, 0, (gint)scan);
    for (unsigned strings = 0; lsa_next_string(data, scan, pos, XLSA_MIN_STRING, &off, &run); pos = off + run) {
        proto_item *ti;

        if (strings++ == XLSA_RECORD_STRINGS) {
            expert_add_info_format(pinfo, record, &ei_xlsa_strings_capped,
                                   "Only the first %d strings of the record are shown", XLSA_RECORD_STRINGS);
            break;
        }
        ti = proto_tree_add_item(tree, hf_xlsa_string, tvb, (int)off, (int)run, ENC_ASCII);
        xlsa_guids_show_written(proto_item_add_subtree(ti, ett_xlsa_string), tvb, data, off, run);
    }
    xlsa_guids_show_raw(tree, tvb, pinfo, data, scan);
    return len;
}

/* --- entry points --------------------------------------------------------- */

static void
init_ctx(xlsa_ctx_t *ctx, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, gboolean beside_smtp)
{
    const struct tcpinfo *tcpinfo = (const struct tcpinfo *)data;

    memset(ctx, 0, sizeof *ctx);
    ctx->tvb = tvb;
    ctx->pinfo = pinfo;
    ctx->parent = tree;
    ctx->conv = get_conv(pinfo);
    ctx->dir = direction(ctx->conv, pinfo);
    ctx->key_base = tcpinfo ? tcpinfo->seq : 0;
    ctx->beside_smtp = beside_smtp;
}

static int
dissect_xlsa(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    xlsa_ctx_t ctx;
    int len = tvb_captured_length(tvb), done;

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "XLSA");
    col_clear(pinfo->cinfo, COL_INFO);
    init_ctx(&ctx, tvb, pinfo, tree, data, FALSE);
    if (ctx.conv->mode[ctx.dir] == MODE_UNKNOWN && !PINFO_FD_VISITED(pinfo)) {
        guint8 head[16];
        tvb_memcpy(tvb, head, 0, MIN(len, 16));
        ctx.conv->mode[ctx.dir] = lsa_looks_textual(head, (size_t)MIN(len, 16)) ? MODE_TEXT : MODE_BINARY;
    }
    if (ctx.conv->mode[ctx.dir] == MODE_BINARY)
        return dissect_opaque_record(tvb, pinfo, xlsa_tree(&ctx, FALSE));

    done = process_lines(&ctx, 0, len, pinfo->can_desegment > 0);
    if (done < len && len - done < XLSA_MAX_REASSEMBLY) {
        pinfo->desegment_offset = done;
        pinfo->desegment_len = DESEGMENT_ONE_MORE_SEGMENT;
    } else if (done < len) {
        process_lines(&ctx, done, len, FALSE);  /* too long to wait for: show it as it is */
    }
    return len;
}

/* On SMTP's ports: the complete lines SMTP consumed are read again for
 * link-state content. */
static void
analyse_beside_smtp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, int end)
{
    xlsa_ctx_t ctx;

    init_ctx(&ctx, tvb, pinfo, tree, data, TRUE);
    process_lines(&ctx, 0, end, FALSE);
}

static int
dissect_xlsa_beside_smtp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&smtp_beside, tvb, pinfo, tree, data, FALSE);
}

static exch_heur_result_t
dissect_xlsa_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    guint8 head[512];
    int len = MIN(tvb_captured_length(tvb), (int)sizeof head);
    guint8 first;

    if (len < 4)
        return FALSE;
    first = tvb_get_uint8(tvb, 0);
    if (first != 'X' && first != 'x' && first != '2')
        return FALSE;
    tvb_memcpy(tvb, head, 0, len);
    if (!lsa_heuristic_match(head, (size_t)len))
        return FALSE;
    conversation_set_dissector(find_or_create_conversation(pinfo), xlsa_handle);
    dissect_xlsa(tvb, pinfo, tree, data);
    return TRUE;
}

void
proto_register_xlsa(void)
{
    static hf_register_info hf[] = {
        { &hf_xlsa_command, { "Command", "xlsa.command", FT_STRING, BASE_NONE, NULL, 0x0,
            "Command verb", HFILL } },
        { &hf_xlsa_parameter, { "Parameter", "xlsa.parameter", FT_STRING, BASE_NONE, NULL, 0x0,
            "What follows the verb", HFILL } },
        { &hf_xlsa_chunk_marker, { "Chunk marker", "xlsa.chunk.marker", FT_STRING, BASE_NONE, NULL, 0x0,
            "FIRST, NEXT or LAST; absent on an unmarked chunk", HFILL } },
        { &hf_xlsa_chunk_declared_length, { "Declared length", "xlsa.chunk.declared_length", FT_UINT32, BASE_DEC,
            NULL, 0x0, "The {8 hex digits} after CHUNK=", HFILL } },
        { &hf_xlsa_chunk_length, { "Chunk data length", "xlsa.chunk.length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes of chunk data actually on the line", HFILL } },
        { &hf_xlsa_chunk_data, { "Chunk data", "xlsa.chunk.data", FT_BYTES, BASE_NONE, NULL, 0x0,
            "After CHUNK= and the {hex} length with one space, up to CRLF", HFILL } },
        { &hf_xlsa_response_code, { "Response code", "xlsa.response.code", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The three digits of an SMTP-style reply line", HFILL } },
        { &hf_xlsa_response_text, { "Response text", "xlsa.response.text", FT_STRING, BASE_NONE, NULL, 0x0,
            "What follows the code and its separator on a reply line", HFILL } },
        { &hf_xlsa_ehlo_keyword, { "EHLO keyword", "xlsa.ehlo.keyword", FT_STRING, BASE_NONE, NULL, 0x0,
            "An extension the server advertises in its EHLO reply", HFILL } },
        { &hf_xlsa_bridgehead, { "Exchange 2000/2003 bridgehead", "xlsa.bridgehead", FT_BOOLEAN, BASE_NONE,
            NULL, 0x0, "The server advertises X-LINK2STATE: an Exchange 2000/2003 SMTP server", HFILL } },
        { &hf_xlsa_request_in, { "Request in", "xlsa.request_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The command this reply answers", HFILL } },
        { &hf_xlsa_response_in, { "Response in", "xlsa.response_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The reply to this command", HFILL } },
        { &hf_xlsa_time, { "Response time", "xlsa.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from the command to its reply", HFILL } },
        { &hf_xlsa_message_data, { "Message data", "xlsa.message_data", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Message content after DATA, BDAT or XEXCH50", HFILL } },
        { &hf_xlsa_fragment, { "Line fragment", "xlsa.fragment", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Part of a line split across segments that were not reassembled", HFILL } },
        { &hf_xlsa_transfer_in, { "Transfer completed in", "xlsa.transfer.in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The frame of the LAST chunk, where the joined transfer is shown", HFILL } },
        { &hf_xlsa_record, { "Opaque record", "xlsa.record", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Data on a link-state connection that is not text lines; its format is not public", HFILL } },
        { &hf_xlsa_string, { "String", "xlsa.string", FT_STRING, BASE_NONE, NULL, 0x0,
            "A run of printable characters in opaque data", HFILL } },
    };
    static gint *ett[] = { &ett_xlsa, &ett_xlsa_line, &ett_xlsa_string };
    static ei_register_info ei[] = {
        { &ei_xlsa_ms05_021, { "xlsa.ms05_021", PI_SECURITY, PI_ERROR,
            "Unmarked long X-LINK2STATE chunk without FIRST: MS05-021 / CVE-2005-0560 exploit pattern", EXPFILL } },
        { &ei_xlsa_line_too_long, { "xlsa.line_too_long", PI_PROTOCOL, PI_WARN,
            "Line over the documented 1,024-byte maximum", EXPFILL } },
        { &ei_xlsa_chunk_out_of_order, { "xlsa.chunk_out_of_order", PI_SEQUENCE, PI_WARN,
            "Link-state chunk out of order", EXPFILL } },
        { &ei_xlsa_length_mismatch, { "xlsa.length_mismatch", PI_PROTOCOL, PI_NOTE,
            "Declared chunk length differs from the chunk data", EXPFILL } },
        { &ei_xlsa_unterminated, { "xlsa.unterminated", PI_SEQUENCE, PI_NOTE,
            "Link-state transfer without a LAST chunk", EXPFILL } },
        { &ei_xlsa_replies_capped, { "xlsa.replies_capped", PI_SEQUENCE, PI_NOTE,
            "Reply not linked: over 16 commands were pending, the oldest are forgotten", EXPFILL } },
        { &ei_xlsa_strings_capped, { "xlsa.strings_capped", PI_PROTOCOL, PI_NOTE,
            "Opaque record shown in part: over 64 strings", EXPFILL } },
    };
    expert_module_t *expert;

    proto_xlsa = proto_register_protocol("Microsoft Exchange Link State (X-LSA-2 / X-LINK2STATE)",
                                         "XLSA", "xlsa");
    proto_register_field_array(proto_xlsa, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_xlsa);
    expert_register_field_array(expert, ei, array_length(ei));
    xlsa_handle = register_dissector("xlsa", dissect_xlsa, proto_xlsa);
    smtp_beside.proto = proto_xlsa;
    beside_register(&smtp_beside);
    xlsa_transfer_register(proto_xlsa);
}

void
proto_reg_handoff_xlsa(void)
{
    /* its ports are the lsa role's (exch.lsa_tcp_ports, exch-roles.c) */
    dissector_add_for_decode_as("tcp.port", xlsa_handle);
    heur_dissector_add("tcp", dissect_xlsa_heur, "Exchange link state over TCP", "xlsa_tcp", proto_xlsa,
                       HEURISTIC_ENABLE);

    /* every TCP port SMTP has at start-up: 25 and 587 by default */
    beside_handoff(&smtp_beside, dissect_xlsa_beside_smtp, "xlsa_smtp", "SMTP (with Exchange link state)",
                   (const char *const[]){ "tcp.port", NULL });
}
