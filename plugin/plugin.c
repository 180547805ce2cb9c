/* plugin.c
 * The plugin's entry points: Wireshark looks these symbols up by name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/proto.h>

#include "compat.h"
#include <epan/tap.h>

#include "exch-stats.h"
#include "packet-exch.h"

#ifndef EXCH_VERSION
#error "EXCH_VERSION is defined by the build"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = EXCH_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

#if EXCH_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>

/* 4.4 lists a plugin's type from this (without it: "unknown"). */
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t
plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void
plugin_register(void)
{
    static const proto_plugin exch = {
        .register_protoinfo = proto_register_exch,
        .register_handoff = proto_reg_handoff_exch,
    };
    static const proto_plugin xlsa = {
        .register_protoinfo = proto_register_xlsa,
        .register_handoff = proto_reg_handoff_xlsa,
    };

    static const proto_plugin rvp = {
        .register_protoinfo = proto_register_rvp,
        .register_handoff = proto_reg_handoff_rvp,
    };

    static const proto_plugin ircx = {
        .register_protoinfo = proto_register_ircx,
        .register_handoff = proto_reg_handoff_ircx,
    };

    static const tap_plugin exch_statistics = {
        .register_tap_listener = exch_stats_register_trees,
    };

    proto_register_plugin(&exch);
    proto_register_plugin(&xlsa);
    proto_register_plugin(&rvp);
    proto_register_plugin(&ircx);
    tap_register_plugin(&exch_statistics);
}
