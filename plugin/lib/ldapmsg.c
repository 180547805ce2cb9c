/* ldapmsg.c
 * A bounds-checked reader of the LDAPMessage fields the directory analysis needs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "ldapmsg.h"

/* One BER element: a single-byte tag and a definite length (LDAP allows no other). */
typedef struct {
    uint8_t tag;
    const uint8_t *value;
    size_t len;
} ber_t;

/* Reads the element at *pos in data[0, end); advances *pos past it. */
static bool
ber_read(const uint8_t *data, size_t end, size_t *pos, ber_t *el)
{
    size_t p = *pos, len;

    if (end - p < 2 || (data[p] & 0x1f) == 0x1f)
        return false;
    el->tag = data[p++];
    len = data[p++];
    if (len & 0x80) {
        size_t n = len & 0x7f;
        if (n == 0 || n > 4 || end - p < n)
            return false;
        len = 0;
        while (n--)
            len = len << 8 | data[p++];
    }
    if (len > end - p)
        return false;
    el->value = data + p;
    el->len = len;
    *pos = p + len;
    return true;
}

/* Reads the next element of a constructed value and checks its tag. */
static bool
ber_expect(const ber_t *outer, size_t *pos, uint8_t tag, ber_t *el)
{
    return ber_read(outer->value, outer->len, pos, el) && el->tag == tag;
}

static bool
ber_uint(const ber_t *el, uint32_t *value)
{
    if (el->len == 0 || el->len > 5 || (el->value[0] & 0x80) || (el->len == 5 && el->value[0] != 0))
        return false;
    *value = 0;
    for (size_t i = 0; i < el->len; i++)
        *value = *value << 8 | el->value[i];
    return true;
}

static bool
same_text(const uint8_t *text, size_t len, const char *word)
{
    size_t n = strlen(word);

    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint8_t a = text[i], b = (uint8_t)word[i];
        if (a >= 'A' && a <= 'Z')
            a = (uint8_t)(a | 0x20);
        if (b >= 'A' && b <= 'Z')
            b = (uint8_t)(b | 0x20);
        if (a != b)
            return false;
    }
    return true;
}

/* --- DNs -------------------------------------------------------------------- */

typedef struct {
    const uint8_t *type, *value;
    size_t type_len, value_len;
} rdn_t;

static size_t
trim(const uint8_t *s, size_t len, size_t *start)
{
    while (len && s[*start] == ' ') {
        (*start)++;
        len--;
    }
    while (len && s[*start + len - 1] == ' ')
        len--;
    return len;
}

/* Reads the RDN starting at *pos (type=value up to an unescaped ',' or ';').
 * After the last RDN *pos is past the end: callers check *pos > len to know the
 * whole DN was read. */
static bool
next_rdn(const uint8_t *dn, size_t len, size_t *pos, rdn_t *rdn)
{
    size_t start = *pos, eq = 0, end = start;
    bool found_eq = false;

    if (start >= len)
        return false;
    while (end < len && dn[end] != ',' && dn[end] != ';') {
        if (dn[end] == '\\' && end + 1 < len)
            end++;
        else if (dn[end] == '=' && !found_eq) {
            eq = end;
            found_eq = true;
        }
        end++;
    }
    if (!found_eq)
        return false;
    *pos = end + 1;
    size_t ts = start, vs = eq + 1;
    rdn->type_len = trim(dn, eq - start, &ts);
    rdn->value_len = trim(dn, end - eq - 1, &vs);
    rdn->type = dn + ts;
    rdn->value = dn + vs;
    return true;
}

bool
ldap_dn_is_exchange55(const uint8_t *dn, size_t len)
{
    size_t pos = 0;
    rdn_t rdn, last = { 0 };
    bool marker = false;

    while (next_rdn(dn, len, &pos, &rdn)) {
        marker |= same_text(rdn.type, rdn.type_len, "ou") ||
                  (same_text(rdn.type, rdn.type_len, "cn") &&
                   (same_text(rdn.value, rdn.value_len, "Configuration") ||
                    same_text(rdn.value, rdn.value_len, "Microsoft DSA") ||
                    same_text(rdn.value, rdn.value_len, "Recipients")));
        last = rdn;
    }
    return pos > len && last.type && same_text(last.type, last.type_len, "o") && marker;
}

bool
ldap_dn_is_root_context(const uint8_t *dn, size_t len)
{
    size_t pos = 0;
    rdn_t rdn;

    while (next_rdn(dn, len, &pos, &rdn))
        if (!same_text(rdn.type, rdn.type_len, "dc"))
            return false;
    return pos > len || len == 0;
}

/* --- message parts ---------------------------------------------------------- */

static bool
is_adc_attribute(const ber_t *name)
{
    return same_text(name->value, name->len, "msExchServer1HighestUSN") ||
           same_text(name->value, name->len, "msExchServer2HighestUSN");
}

static bool
is_usn_changed(const ber_t *name)
{
    return same_text(name->value, name->len, "USN-Changed") || same_text(name->value, name->len, "uSNChanged");
}

static void
note_dn(ldap_facts_t *f, const uint8_t *msg, const ber_t *dn)
{
    f->dn_off = (size_t)(dn->value - msg);
    f->dn_len = dn->len;
    f->exchange55 |= ldap_dn_is_exchange55(dn->value, dn->len);
}

/* Filter (RFC 4511 4.5.1): and/or/not nest; the others name an attribute first. */
static void
scan_filter(const ber_t *filter, ldap_facts_t *f, unsigned depth)
{
    size_t pos = 0;
    ber_t el;

    if (depth > LDAP_FILTER_DEPTH)
        return;
    switch (filter->tag) {
    case 0xa0: case 0xa1: case 0xa2:                     /* and, or, not */
        while (ber_read(filter->value, filter->len, &pos, &el))
            scan_filter(&el, f, depth + 1);
        return;
    case 0x87:                                            /* present: the attribute itself */
        f->adc_sync |= is_adc_attribute(filter);
        return;
    case 0xa3: case 0xa4: case 0xa5: case 0xa6: case 0xa8: /* AVA-like: attributeDesc first */
        if (!ber_read(filter->value, filter->len, &pos, &el) || el.tag != 0x04)
            return;
        f->adc_sync |= is_adc_attribute(&el) || (filter->tag == 0xa5 && is_usn_changed(&el));
        return;
    default:
        return;
    }
}

static void
scan_attribute_list(const ber_t *list, ldap_facts_t *f)
{
    size_t pos = 0;
    ber_t el;

    while (ber_read(list->value, list->len, &pos, &el))
        if (el.tag == 0x04)
            f->adc_sync |= is_adc_attribute(&el);
}

static bool
read_bind(const uint8_t *msg, const ber_t *op, ldap_facts_t *f)
{
    size_t pos = 0;
    ber_t version, name, auth;

    if (!ber_expect(op, &pos, 0x02, &version) || !ber_expect(op, &pos, 0x04, &name) ||
        !ber_read(op->value, op->len, &pos, &auth))
        return false;
    note_dn(f, msg, &name);
    switch (auth.tag) {
    case 0x80:
        f->bind = auth.len ? LDAP_BIND_SIMPLE : LDAP_BIND_ANONYMOUS;
        return true;
    case 0xa3:
        f->bind = LDAP_BIND_SASL;
        return true;
    case 0x89: case 0x8a: case 0x8b:
        f->bind = LDAP_BIND_SICILY;
        f->sicily_step = (uint8_t)(auth.tag & 0x1f);
        return true;
    default:
        return false;
    }
}

static bool
read_search(const uint8_t *msg, const ber_t *op, ldap_facts_t *f)
{
    size_t pos = 0;
    ber_t base, scope, deref, size, time, types, filter, attrs;

    if (!ber_expect(op, &pos, 0x04, &base) || !ber_expect(op, &pos, 0x0a, &scope) ||
        !ber_expect(op, &pos, 0x0a, &deref) || !ber_expect(op, &pos, 0x02, &size) ||
        !ber_expect(op, &pos, 0x02, &time) || !ber_expect(op, &pos, 0x01, &types) ||
        !ber_read(op->value, op->len, &pos, &filter) || !ber_expect(op, &pos, 0x30, &attrs))
        return false;
    note_dn(f, msg, &base);
    f->root_subtree_search = scope.len == 1 && scope.value[0] == 2 &&
                             ldap_dn_is_root_context(base.value, base.len);
    scan_filter(&filter, f, 0);
    scan_attribute_list(&attrs, f);
    return true;
}

/* modifyRequest: object, then SEQUENCE OF { operation, { type, vals } } */
static bool
read_modify(const uint8_t *msg, const ber_t *op, ldap_facts_t *f)
{
    size_t pos = 0, cpos = 0;
    ber_t object, changes, change;

    if (!ber_expect(op, &pos, 0x04, &object) || !ber_expect(op, &pos, 0x30, &changes))
        return false;
    note_dn(f, msg, &object);
    while (ber_read(changes.value, changes.len, &cpos, &change)) {
        size_t mpos = 0, apos = 0;
        ber_t operation, modification, type;
        if (change.tag == 0x30 && ber_expect(&change, &mpos, 0x0a, &operation) &&
            ber_expect(&change, &mpos, 0x30, &modification) && ber_expect(&modification, &apos, 0x04, &type))
            f->adc_sync |= is_adc_attribute(&type);
    }
    return true;
}

static void
read_controls(const ber_t *controls, ldap_facts_t *f)
{
    size_t pos = 0;
    ber_t control;

    while (ber_read(controls->value, controls->len, &pos, &control)) {
        size_t cpos = 0;
        ber_t type;
        if (control.tag == 0x30 && ber_expect(&control, &cpos, 0x04, &type))
            f->dirsync |= same_text(type.value, type.len, LDAP_OID_DIRSYNC);
    }
}

/* The protocolOp numbers RFC 4511 defines; 2, 10 and 16 are primitive. */
static bool
valid_op(uint8_t tag)
{
    unsigned n = tag & 0x1f;
    bool primitive = (tag & 0xe0) == 0x40, constructed = (tag & 0xe0) == 0x60;

    if (n == 2 || n == 10 || n == 16)
        return primitive;
    return constructed && (n <= 15 || n == 19 || (n >= 23 && n <= 25));
}

static bool
read_op(const uint8_t *msg, const ber_t *op, ldap_facts_t *f)
{
    switch (f->op) {
    case LDAP_OP_BIND_REQUEST:
        return read_bind(msg, op, f);
    case LDAP_OP_SEARCH_REQUEST:
        return read_search(msg, op, f);
    case LDAP_OP_MODIFY_REQUEST:
        return read_modify(msg, op, f);
    case LDAP_OP_SEARCH_ENTRY: {
        size_t pos = 0;
        ber_t name;
        if (ber_expect(op, &pos, 0x04, &name))
            note_dn(f, msg, &name);
        return true;
    }
    default:
        return true;
    }
}

size_t
ldap_read_message(const uint8_t *data, size_t len, ldap_facts_t *facts)
{
    size_t pos = 0, inner = 0;
    ber_t message, id, op, controls;

    memset(facts, 0, sizeof *facts);
    if (!ber_read(data, len, &pos, &message) || message.tag != 0x30)
        return 0;
    if (!ber_expect(&message, &inner, 0x02, &id) || !ber_uint(&id, &facts->message_id) ||
        !ber_read(message.value, message.len, &inner, &op) || !valid_op(op.tag))
        return 0;
    facts->op = op.tag & 0x1f;
    if (inner < message.len) {
        if (!ber_expect(&message, &inner, 0xa0, &controls) || inner != message.len)
            return 0;
        read_controls(&controls, facts);
    }
    if (!read_op(data, &op, facts))
        return 0;
    return pos;
}
