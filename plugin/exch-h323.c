/* exch-h323.c
 * The connections an H.323 call negotiates. The stock H.225 dissector sets up
 * a TCP conversation for the H.245 address a call announces, and the stock
 * H.245 dissector one UDP conversation per RTP or RTCP address an
 * OpenLogicalChannelAck announces. A flow of such a conversation becomes a
 * learned endpoint of the h323 role (exch-learned.h), announced by the frame
 * that set the conversation up: the plugin reads what the stock dissectors
 * decided rather than decoding H.225 and H.245 a second time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-rtp.h>
#include <epan/dissectors/packet-rtcp.h>

#include "compat.h"
#include "exch-conv.h"
#include "exch-h323.h"
#include "exch-learned.h"

/* the setup method the stock H.245 dissector gives its RTP and RTCP conversations */
#define H245_SETUP_METHOD "H245"

static dissector_handle_t h245_handle;
static int proto_rtp = -1;
static int proto_rtcp = -1;
static unsigned h323_role;
static gboolean calls_seen;      /* a frame of the h323 role was labelled in this capture */

static void
h323_reset(void)
{
    calls_seen = FALSE;
}

void
exch_h323_register(void)
{
    register_init_routine(h323_reset);
}

void
exch_h323_handoff(void)
{
    h245_handle = find_dissector("h245");
    proto_rtp = proto_get_id_by_filter_name("rtp");
    proto_rtcp = proto_get_id_by_filter_name("rtcp");
    for (unsigned i = 0; i < exch_role_count; i++)
        if (strcmp(exch_roles[i].code, "h323") == 0)
            h323_role = i;
}

void
exch_h323_saw_call(unsigned role)
{
    if (role == h323_role)
        calls_seen = TRUE;
}

/* H.225 sets up a conversation for the H.245 address with the H.245 dissector
 * (TCP fills in the client's end when the connection comes). */
static guint32
h245_setup(packet_info *pinfo, address *server, guint16 *port)
{
    conversation_t *conv = exch_conversation(pinfo);

    if (!conv || !h245_handle || conversation_get_dissector(conv, pinfo->num) != h245_handle)
        return 0;
    copy_address_shallow(server, conversation_key_addr1(conv->key_ptr));
    *port = (guint16)conversation_key_port1(conv->key_ptr);
    return conv->setup_frame;
}

/* The frame that set up the RTP or RTCP stream of this frame, when it was an
 * H.245 one: the RTP and RTCP dissectors keep that with each frame (key 0). */
static guint32
media_setup_frame(packet_info *pinfo)
{
    const exch_rtp_packet_info_t *rtp = NULL;
    const struct _rtcp_conversation_info *rtcp = NULL;

    if (proto_rtp > 0)
        rtp = (const exch_rtp_packet_info_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_rtp, 0);
    if (rtp)
        return strcmp(rtp->method, H245_SETUP_METHOD) == 0 ? rtp->frame_number : 0;
    if (proto_rtcp > 0)
        rtcp = (const struct _rtcp_conversation_info *)p_get_proto_data(wmem_file_scope(), pinfo, proto_rtcp, 0);
    if (rtcp && rtcp->setup_method_set && strcmp(rtcp->setup_method, H245_SETUP_METHOD) == 0)
        return rtcp->setup_frame_number;
    return 0;
}

/* H.245 sets up { media address, port, any, any } for each address of an
 * OpenLogicalChannelAck: the end of the frame that has such a conversation,
 * set up by that frame, is the announced one. */
static gboolean
media_announced(packet_info *pinfo, const address *addr, guint32 port, guint32 setup)
{
    conversation_t *conv = find_conversation(pinfo->num, addr, addr, CONVERSATION_UDP, port, port,
                                             NO_ADDR_B | NO_PORT_B);

    return conv && conv->setup_frame == setup;
}

static guint32
media_setup(packet_info *pinfo, address *server, guint16 *port)
{
    guint32 setup = media_setup_frame(pinfo);

    if (setup && media_announced(pinfo, &pinfo->dst, pinfo->destport, setup)) {
        copy_address_shallow(server, &pinfo->dst);
        *port = (guint16)pinfo->destport;
    } else if (setup && media_announced(pinfo, &pinfo->src, pinfo->srcport, setup)) {
        copy_address_shallow(server, &pinfo->src);
        *port = (guint16)pinfo->srcport;
    } else {
        setup = 0;
    }
    return setup;
}

gboolean
exch_h323_adopt(packet_info *pinfo, exch_transport_t transport)
{
    address server;
    guint16 port = 0;
    guint32 setup;

    /* a capture without H.323 calls pays this test only; the first pass learns for every pass */
    if (!calls_seen || PINFO_FD_VISITED(pinfo))
        return FALSE;
    clear_address(&server);
    setup = transport == EXCH_TCP ? h245_setup(pinfo, &server, &port) : media_setup(pinfo, &server, &port);
    if (!setup || setup >= pinfo->num)
        return FALSE;
    return exch_learned_adopt(pinfo, &server, transport, port, h323_role, setup) != NULL;
}
