/* exch-security.c
 * Cleartext credentials: the expert info, and the line scan of the text
 * protocols (lib/credentials.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>

#include <epan/proto_data.h>

#include "exch-conv.h"
#include "exch-security.h"

static expert_field ei_exch_cleartext_credentials = EI_INIT;
static expert_field ei_exch_starttls_not_used = EI_INIT;
static expert_field ei_exch_unauthenticated_link_state = EI_INIT;

/* What the first pass found in a frame. */
typedef struct {
    const char *credentials;
    guint32 findings;            /* exch_finding_t */
} marks_t;
static int proto_owner = -1;
static int proto_tls = -1;
static gboolean marked_in_capture;  /* some frame was marked: only then are frames looked at */

static void
security_init(void)
{
    marked_in_capture = FALSE;
}

void
exch_credentials_register(int proto_exch)
{
    static ei_register_info ei[] = {
        { &ei_exch_cleartext_credentials, { "exch.cleartext_credentials", PI_SECURITY, PI_WARN,
            "Cleartext credentials outside TLS: the password is readable on the wire", EXPFILL } },
        { &ei_exch_starttls_not_used, { "exch.starttls_not_used", PI_SECURITY, PI_WARN,
            "STARTTLS not used: the server offered it and the client went on in the clear", EXPFILL } },
        { &ei_exch_unauthenticated_link_state, { "exch.unauthenticated_link_state", PI_SECURITY, PI_WARN,
            "Link state from a client that has not authenticated (no AUTH, no X-EXPS)", EXPFILL } },
    };

    proto_owner = proto_exch;
    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));
    register_init_routine(security_init);
}

void
exch_credentials_handoff(void)
{
    proto_tls = proto_get_id_by_filter_name("tls");
}

gboolean
exch_credentials_in_tls(packet_info *pinfo)
{
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f))
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto_tls)
            return TRUE;
    return FALSE;
}

void
exch_credentials_report(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, int offset, int len, const char *what)
{
    proto_tree_add_expert_format(tree, pinfo, &ei_exch_cleartext_credentials, tvb, offset, len,
                                 "Cleartext credentials outside TLS: %s (the password is readable on the wire)",
                                 what);
}

void
exch_credentials_check_lines(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, int end, exch_text_proto_t proto)
{
    int offset = 0;

    if (exch_credentials_in_tls(pinfo))
        return;
    while (offset < end) {
        int next;
        int len = tvb_find_line_end(tvb, offset, end - offset, &next, FALSE);
        const char *what = exch_credentials_in_line(proto, tvb_get_ptr(tvb, offset, len), (size_t)len);

        if (what)
            exch_credentials_report(tree, pinfo, tvb, offset, len, what);
        if (next <= offset)
            break;
        offset = next;
    }
}

static marks_t *
frame_marks(packet_info *pinfo)
{
    marks_t *m = (marks_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_owner, EXCH_FRAME_SECURITY);

    if (!m) {
        marked_in_capture = TRUE;
        m = wmem_new0(wmem_file_scope(), marks_t);
        p_add_proto_data(wmem_file_scope(), pinfo, proto_owner, EXCH_FRAME_SECURITY, m);
    }
    return m;
}

void
exch_credentials_mark(packet_info *pinfo, const char *what)
{
    if (!PINFO_FD_VISITED(pinfo) && !exch_credentials_in_tls(pinfo))
        frame_marks(pinfo)->credentials = what;
}

void
exch_security_mark(packet_info *pinfo, exch_finding_t finding)
{
    if (!PINFO_FD_VISITED(pinfo) && !exch_credentials_in_tls(pinfo))
        frame_marks(pinfo)->findings |= finding;
}

void
exch_security_add_marked(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb)
{
    const marks_t *m = marked_in_capture ? (const marks_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_owner,
                                                                            EXCH_FRAME_SECURITY) : NULL;

    if (!m)
        return;
    if (m->credentials)
        exch_credentials_report(tree, pinfo, tvb, 0, 0, m->credentials);
    if (m->findings & EXCH_FINDING_STARTTLS_NOT_USED)
        proto_tree_add_expert(tree, pinfo, &ei_exch_starttls_not_used, tvb, 0, 0);
    if (m->findings & EXCH_FINDING_UNAUTHENTICATED_LINK_STATE)
        proto_tree_add_expert(tree, pinfo, &ei_exch_unauthenticated_link_state, tvb, 0, 0);
}
