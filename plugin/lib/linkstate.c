/* linkstate.c
 * X-LINK2STATE / X-LSA-2 line grammar, chunk sequence, transfer tokens.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "linkstate.h"

static bool
is_space(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static bool
is_hex(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned
hex_value(uint8_t c)
{
    if (c <= '9')
        return (unsigned)(c - '0');
    return (unsigned)((c | 0x20) - 'a' + 10);
}

static bool
is_printable(uint8_t c)
{
    return c >= 0x21 && c <= 0x7e;
}

static uint8_t
lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c;
}

static bool
prefix_is(const uint8_t *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(data[i]) != lower((uint8_t)prefix[i]))
            return false;
    return true;
}

static size_t
skip_spaces(const uint8_t *data, size_t len, size_t pos)
{
    while (pos < len && is_space(data[pos]))
        pos++;
    return pos;
}

size_t
lsa_word_len(const uint8_t *text, size_t len)
{
    size_t n = 0;

    while (n < len && !is_space(text[n]))
        n++;
    return n;
}

size_t
lsa_keyword_len(const uint8_t *text, size_t len)
{
    size_t n = 0;

    while (n < len && !is_space(text[n]) && text[n] != '=')
        n++;
    return n;
}

bool
lsa_word_is(const uint8_t *line, size_t len, const char *word)
{
    return lsa_word_len(line, len) == strlen(word) && prefix_is(line, len, word);
}

uint32_t
lsa_number(const uint8_t *text, size_t len)
{
    uint64_t value = 0;

    for (size_t i = 0; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
        value = value * 10 + (uint64_t)(text[i] - '0');
        if (value > UINT32_MAX)
            return UINT32_MAX;
    }
    return (uint32_t)value;
}

bool
lsa_is_link_state_word(const uint8_t *word, size_t len)
{
    return lsa_word_is(word, len, "X-LINK2STATE") || lsa_word_is(word, len, "X-LSA-2");
}

bool
lsa_parse_reply(const uint8_t *line, size_t len, lsa_reply_t *reply)
{
    if (len < 3 || line[0] < '1' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
        line[2] < '0' || line[2] > '9')
        return false;
    if (len > 3 && line[3] != ' ' && line[3] != '-')
        return false;
    reply->code = (unsigned)((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
    reply->continues = len > 3 && line[3] == '-';
    reply->text_off = len > 3 ? 4 : 3;
    reply->text_len = len - reply->text_off;
    return true;
}

static lsa_marker_t
marker_of(const uint8_t *word, size_t len)
{
    if (lsa_word_is(word, len, "FIRST"))
        return LSA_MARKER_FIRST;
    if (lsa_word_is(word, len, "NEXT"))
        return LSA_MARKER_NEXT;
    if (lsa_word_is(word, len, "LAST"))
        return LSA_MARKER_LAST;
    return LSA_MARKER_NONE;
}

/* CHUNK=[{hex}[ ]]data: at most 8 hex digits in the braces, as Snort reads them. */
static void
parse_chunk_data(const uint8_t *line, size_t len, size_t pos, lsa_command_t *cmd)
{
    size_t digits = 0;

    cmd->chunk = true;
    cmd->data_off = pos;
    if (pos < len && line[pos] == '{') {
        while (pos + 1 + digits < len && digits < 9 && is_hex(line[pos + 1 + digits]))
            digits++;
        if (digits >= 1 && digits <= 8 && pos + 1 + digits < len && line[pos + 1 + digits] == '}') {
            uint32_t value = 0;
            for (size_t i = 0; i < digits; i++)
                value = value << 4 | hex_value(line[pos + 1 + i]);
            cmd->has_declared = true;
            cmd->declared = value;
            cmd->declared_off = pos;
            cmd->declared_len = digits + 2;
            cmd->data_off = pos + digits + 2;
            if (cmd->data_off < len && line[cmd->data_off] == ' ')
                cmd->data_off++;
        }
    }
    cmd->data_len = len - cmd->data_off;
}

static void
parse_link_state(const uint8_t *line, size_t len, lsa_command_t *cmd)
{
    size_t pos = cmd->param_off;
    size_t word = lsa_word_len(line + pos, len - pos);

    cmd->marker = marker_of(line + pos, len - pos);
    if (cmd->marker != LSA_MARKER_NONE) {
        cmd->marker_off = pos;
        cmd->marker_len = word;
        pos = skip_spaces(line, len, pos + word);
    }
    if (prefix_is(line + pos, len - pos, "CHUNK="))
        parse_chunk_data(line, len, pos + 6, cmd);
}

void
lsa_parse_command(const uint8_t *line, size_t len, lsa_command_t *cmd)
{
    memset(cmd, 0, sizeof *cmd);
    cmd->verb_len = lsa_word_len(line, len);
    cmd->param_off = skip_spaces(line, len, cmd->verb_len);
    cmd->param_len = len - cmd->param_off;
    cmd->link_state = lsa_is_link_state_word(line, len);
    if (cmd->link_state)
        parse_link_state(line, len, cmd);
}

static size_t
line_end(const uint8_t *data, size_t len, size_t pos)
{
    const uint8_t *lf = memchr(data + pos, '\n', len - pos);
    size_t end = lf ? (size_t)(lf - data) : len;

    return (end > pos && data[end - 1] == '\r') ? end - 1 : end;
}

static bool
is_chunk_command(const uint8_t *data, size_t len)
{
    lsa_command_t cmd;

    if (!lsa_is_link_state_word(data, len))
        return false;
    lsa_parse_command(data, line_end(data, len, 0), &cmd);
    return cmd.chunk || cmd.marker != LSA_MARKER_NONE;
}

/* Every line of a reply is "ddd-" or "ddd "; some line's keyword is link-state. */
static bool
is_advertising_reply(const uint8_t *data, size_t len)
{
    size_t pos = 0;

    while (pos < len) {
        size_t end = line_end(data, len, pos);
        lsa_reply_t reply;

        if (!lsa_parse_reply(data + pos, end - pos, &reply))
            return false;
        if (lsa_is_link_state_word(data + pos + reply.text_off, reply.text_len))
            return true;
        if (!reply.continues)
            return false;
        pos = end;
        while (pos < len && (data[pos] == '\r' || data[pos] == '\n'))
            pos++;
    }
    return false;
}

bool
lsa_heuristic_match(const uint8_t *data, size_t len)
{
    if (len < 4)
        return false;
    if ((data[0] | 0x20) == 'x')
        return is_chunk_command(data, len);
    if (data[0] == '2')
        return is_advertising_reply(data, len);
    return false;
}

bool
lsa_looks_textual(const uint8_t *data, size_t len)
{
    size_t n = len < 16 ? len : 16;

    for (size_t i = 0; i < n; i++)
        if (!is_printable(data[i]) && !is_space(data[i]) && data[i] != '\r' && data[i] != '\n')
            return false;
    return n > 0;
}

unsigned
lsa_chunks_feed(lsa_chunks_t *state, unsigned dir, lsa_marker_t marker, uint64_t length)
{
    bool *open = &state->open[dir & 1];

    switch (marker) {
    case LSA_MARKER_FIRST: {
        unsigned events = LSA_EV_STARTS | (*open ? LSA_EV_ABANDONS | LSA_EV_OUT_OF_ORDER : 0);
        *open = true;
        state->first_seen = true;
        return events;
    }
    case LSA_MARKER_NEXT:
        return *open ? LSA_EV_APPENDS : LSA_EV_OUT_OF_ORDER;
    case LSA_MARKER_LAST:
        if (!*open)
            return LSA_EV_OUT_OF_ORDER;
        *open = false;
        return LSA_EV_APPENDS | LSA_EV_COMPLETES;
    case LSA_MARKER_NONE:
    default:
        if (*open)
            return LSA_EV_APPENDS;
        return (!state->first_seen && length > LSA_MS05_021_THRESHOLD) ? LSA_EV_MS05_021 : 0;
    }
}

bool
lsa_is_guid_at(const uint8_t *data, size_t len, size_t pos)
{
    if (pos > len || len - pos < LSA_GUID_HEX)
        return false;
    for (size_t i = 0; i < LSA_GUID_HEX; i++)
        if (!is_hex(data[pos + i]))
            return false;
    if (pos > 0 && is_hex(data[pos - 1]))
        return false;
    return pos + LSA_GUID_HEX == len || !is_hex(data[pos + LSA_GUID_HEX]);
}

static size_t
run_length(const uint8_t *blob, size_t len, size_t pos, bool printable)
{
    size_t end = pos;

    while (end < len && blob[end] != '(' && blob[end] != ')' && !is_space(blob[end]) &&
           blob[end] != '\r' && blob[end] != '\n' && is_printable(blob[end]) == printable)
        end++;
    return end - pos;
}

static lsa_token_kind_t
classify_word(const uint8_t *word, size_t len)
{
    size_t digits = 0, hex = 0;

    for (size_t i = 0; i < len; i++) {
        digits += word[i] >= '0' && word[i] <= '9';
        hex += is_hex(word[i]);
    }
    if (len == LSA_GUID_HEX && hex == len)
        return LSA_TOK_GUID;
    if (digits == len)
        return LSA_TOK_NUMBER;
    if (len >= 3 && word[0] == '{' && word[len - 1] == '}' && hex == len - 2)
        return LSA_TOK_LENGTH;
    return LSA_TOK_WORD;
}

size_t
lsa_blob_next(const uint8_t *blob, size_t len, size_t pos, lsa_token_t *tok)
{
    while (pos < len && (is_space(blob[pos]) || blob[pos] == '\r' || blob[pos] == '\n'))
        pos++;
    tok->off = pos;
    tok->len = 0;
    if (pos >= len) {
        tok->kind = LSA_TOK_END;
        return len;
    }
    if (blob[pos] == '(' || blob[pos] == ')') {
        tok->kind = blob[pos] == '(' ? LSA_TOK_OPEN : LSA_TOK_CLOSE;
        tok->len = 1;
        return pos + 1;
    }
    if (!is_printable(blob[pos])) {
        tok->kind = LSA_TOK_BINARY;
        tok->len = run_length(blob, len, pos, false);
        return pos + tok->len;
    }
    tok->len = run_length(blob, len, pos, true);
    tok->kind = classify_word(blob + pos, tok->len);
    return pos + tok->len;
}

bool
lsa_token_value(const uint8_t *blob, const lsa_token_t *tok, uint64_t *value)
{
    const uint8_t *digits = blob + tok->off;
    size_t n = tok->len;
    unsigned base = 10;

    if (tok->kind == LSA_TOK_LENGTH) {
        digits++;                        /* inside the braces */
        n -= 2;
        base = 16;
    } else if (tok->kind != LSA_TOK_NUMBER) {
        return false;
    }
    *value = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned digit = hex_value(digits[i]);

        if (*value > (UINT64_MAX - digit) / base)
            return false;
        *value = *value * base + digit;
    }
    return true;
}

/* The next token that is not a parenthesis. */
static size_t
next_value(const uint8_t *blob, size_t len, size_t pos, lsa_token_t *tok)
{
    do
        pos = lsa_blob_next(blob, len, pos, tok);
    while (tok->kind == LSA_TOK_OPEN || tok->kind == LSA_TOK_CLOSE);
    return pos;
}

bool
lsa_org_info(const uint8_t *blob, size_t len, size_t *org_off, size_t *digest_off)
{
    lsa_token_t tok;
    size_t pos = next_value(blob, len, 0, &tok);

    if (tok.kind == LSA_TOK_WORD && lsa_word_is(blob + tok.off, tok.len, "MULTI")) {
        pos = next_value(blob, len, pos, &tok);
        if (tok.kind != LSA_TOK_NUMBER)
            return false;
        pos = next_value(blob, len, pos, &tok);
        if (tok.kind == LSA_TOK_LENGTH)
            pos = next_value(blob, len, pos, &tok);
    }
    if (tok.kind != LSA_TOK_GUID)
        return false;
    *org_off = tok.off;
    next_value(blob, len, pos, &tok);
    if (tok.kind != LSA_TOK_GUID)
        return false;
    *digest_off = tok.off;
    return true;
}

static bool
is_word_byte(uint8_t c)
{
    return is_printable(c) && c != '(' && c != ')';
}

bool
lsa_next_guid(const uint8_t *blob, size_t len, size_t *pos)
{
    size_t i = *pos;

    while (i < len) {
        size_t start = i;

        if (!is_word_byte(blob[i])) {
            i++;
            continue;
        }
        while (i < len && is_hex(blob[i]))
            i++;
        if (i - start == LSA_GUID_HEX && (i == len || !is_word_byte(blob[i]))) {
            *pos = start;
            return true;
        }
        while (i < len && is_word_byte(blob[i]))
            i++;
    }
    *pos = len;
    return false;
}

bool
lsa_next_string(const uint8_t *data, size_t len, size_t pos, size_t min_len, size_t *off, size_t *run)
{
    while (pos < len) {
        size_t end = pos;

        while (end < len && (is_printable(data[end]) || data[end] == ' '))
            end++;
        if (end - pos >= min_len && min_len > 0) {
            *off = pos;
            *run = end - pos;
            return true;
        }
        pos = end + 1;
    }
    return false;
}

/* --- remembered GUIDs ------------------------------------------------------ */

static unsigned
guid_slot(const uint8_t *raw)
{
    uint32_t h = 2166136261u;               /* FNV-1a */

    for (int i = 0; i < 16; i++)
        h = (h ^ raw[i]) * 16777619u;
    return h & (LSA_GUIDSET_SLOTS - 1);
}

void
lsa_guidset_clear(lsa_guidset_t *set)
{
    memset(set->used, 0, sizeof set->used);
    set->count = 0;
}

/* The slot of raw, or of the free slot where it would go. */
static unsigned
guidset_slot(const lsa_guidset_t *set, const uint8_t *raw)
{
    unsigned slot = guid_slot(raw);

    /* at most half of the slots are used: a free one is always found */
    while (set->used[slot] && memcmp(set->raw[slot], raw, 16) != 0)
        slot = (slot + 1) & (LSA_GUIDSET_SLOTS - 1);
    return slot;
}

const char *
lsa_guidset_find(const lsa_guidset_t *set, const uint8_t *raw, uint32_t before)
{
    unsigned slot = guidset_slot(set, raw);

    return set->used[slot] && set->since[slot] < before ? set->text[slot] : NULL;
}

static void
guidset_put(lsa_guidset_t *set, const uint8_t *raw, const uint8_t *hex, uint32_t since)
{
    unsigned slot = guidset_slot(set, raw);

    if (set->used[slot])
        return;
    memcpy(set->raw[slot], raw, 16);
    for (int i = 0; i < LSA_GUID_HEX; i++)
        set->text[slot][i] = (char)lower(hex[i]);
    set->text[slot][LSA_GUID_HEX] = '\0';
    set->since[slot] = since;
    set->used[slot] = true;
    set->count++;
}

bool
lsa_guidset_add(lsa_guidset_t *set, const uint8_t *hex, uint32_t since)
{
    static const uint8_t windows_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    uint8_t written[16], windows[16];

    for (int i = 0; i < 16; i++)
        written[i] = (uint8_t)(hex_value(hex[2 * i]) << 4 | hex_value(hex[2 * i + 1]));
    for (int i = 0; i < 16; i++)
        windows[i] = written[windows_order[i]];
    if (set->used[guidset_slot(set, written)])
        return true;
    /* keep half of the slots free so that probing stays short */
    if (set->count + 2 > LSA_GUIDSET_SLOTS / 2)
        return false;
    guidset_put(set, written, hex, since);
    guidset_put(set, windows, hex, since);
    return true;
}
