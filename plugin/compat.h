/* compat.h
 * The few places where the Wireshark plugin API differs between 4.0, 4.2, 4.4 and 4.6.
 * Everything version-sensitive goes through here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_COMPAT_H
#define EXCH_COMPAT_H

#include <ws_version.h>

#define EXCH_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if EXCH_WS_AT_LEAST(4, 4)
#include <stdbool.h>
typedef bool exch_heur_result_t;   /* heur_dissector_t returns bool from 4.4 */
typedef bool exch_pref_bool_t;     /* prefs_register_bool_preference takes bool* */
#else
typedef gboolean exch_heur_result_t;
typedef gboolean exch_pref_bool_t;
#endif

/* tvb_get_guint8 and tvb_find_guint8 are deprecated from 4.4 (an error under
 * -Werror): the 4.4 names, mapped back on older versions. */
#if !EXCH_WS_AT_LEAST(4, 4)
#define tvb_get_uint8(tvb, offset) tvb_get_guint8((tvb), (offset))
#define tvb_find_uint8(tvb, offset, maxlength, needle) tvb_find_guint8((tvb), (offset), (maxlength), (needle))
#endif

/* The RTP dissector's per-packet data (its proto data 0, which starts with the
 * setup method and frame): renamed after 4.0; CMake checks which name the
 * headers have. */
#ifdef HAVE_RTP_PACKET_INFO
typedef struct _rtp_packet_info exch_rtp_packet_info_t;
#else
typedef struct _rtp_conversation_info exch_rtp_packet_info_t;
#endif

/* dissector_try_uint_new is deprecated in 4.6 (an error under -Werror): its
 * 4.6 name, mapped back on older versions. */
#if !EXCH_WS_AT_LEAST(4, 6)
#define dissector_try_uint_with_data(table, uint, tvb, pinfo, tree, add_proto_name, data) \
    dissector_try_uint_new((table), (uint), (tvb), (pinfo), (tree), (add_proto_name), (data))
#endif

/* pletoh32 and pletoh16 are pletohu32 and pletohu16 in 4.6: the 4.6 names,
 * mapped back on older versions. */
#if !EXCH_WS_AT_LEAST(4, 6)
#define pletohu32(p) pletoh32(p)
#define pletohu16(p) pletoh16(p)
#endif

/* A stat_tap_ui's init callback returns whether it started from 4.6. */
#if EXCH_WS_AT_LEAST(4, 6)
typedef bool exch_stat_init_t;
#define EXCH_STAT_INIT_STARTED true
#else
typedef void exch_stat_init_t;
#define EXCH_STAT_INIT_STARTED
#endif

/* ett ids must start at -1 on 4.0 and 4.2 (0 is reported as a dissector bug). */
#define EXCH_ETT_INIT (-1)

#endif /* EXCH_COMPAT_H */
