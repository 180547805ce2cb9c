/* exch-roles.c
 * The role port preferences, the port map, and the dissectors that follow a
 * role's ports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/range.h>

#include "exch-guard.h"
#include "exch-roles.h"

exch_portmap_t exch_port_roles;

static range_t **role_ranges;        /* one per role, NULL for content-only roles */

/* A role whose ports a dissector of the plugin decodes. */
typedef struct {
    unsigned role;                   /* index in exch_roles */
    dissector_handle_t handle;
    gboolean over_tls;
    gboolean guarded;                /* behind a guard: the port is shared (exch-guard.h) */
    GArray *held;                    /* guint32: the ports the role held in the map when it last moved */
    GArray *ports;                   /* guint32: the ports registered, | ADDED_TLS when TLS was put on it */
} follower_t;

#define ADDED_TLS 0x10000u

static GArray *followers;            /* follower_t, made at handoff */
static dissector_handle_t tls_handle;

static const char *
port_table(exch_transport_t transport)
{
    return transport == EXCH_TCP ? "tcp.port" : "udp.port";
}

static gboolean
owned_by_another(const char *table, guint32 port, dissector_handle_t mine)
{
    dissector_handle_t owner = dissector_get_uint_handle(find_dissector_table(table), port);

    return owner && owner != mine;
}

static void
follow_port(follower_t *f, guint32 port)
{
    const char *table = port_table(exch_roles[f->role].transport);
    guint32 entry = port;

    if (f->guarded) {
        exch_guard_add(port, f->handle);
    } else if (!f->over_tls) {
        if (owned_by_another(table, port, f->handle))
            return;
        dissector_add_uint(table, port, f->handle);
    } else {
        if (owned_by_another("tls.port", port, f->handle) || owned_by_another(table, port, tls_handle))
            return;
        if (!dissector_get_uint_handle(find_dissector_table(table), port)) {
            dissector_add_uint(table, port, tls_handle);
            entry |= ADDED_TLS;
        }
        dissector_add_uint("tls.port", port, f->handle);
    }
    g_array_append_val(f->ports, entry);
}

typedef struct {
    const follower_t *follower;
    GArray *held;
} held_walk_t;

static void
collect_held(guint32 port, gpointer user)
{
    held_walk_t *walk = (held_walk_t *)user;
    const exch_role_t *role = &exch_roles[walk->follower->role];

    /* an earlier role in the table may hold it */
    if (port <= G_MAXUINT16 && exch_portmap_lookup(&exch_port_roles, role->transport, (uint16_t)port) == role)
        g_array_append_val(walk->held, port);
}

static gboolean
same_ports(const GArray *a, const GArray *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len * sizeof(guint32)) == 0;
}

static void
unfollow(follower_t *f)
{
    const char *table = port_table(exch_roles[f->role].transport);

    for (guint i = 0; i < f->ports->len; i++) {
        guint32 entry = g_array_index(f->ports, guint32, i), port = entry & 0xffff;

        if (f->guarded)
            exch_guard_remove(port);
        else
            dissector_delete_uint(f->over_tls ? "tls.port" : table, port, f->handle);
        if (entry & ADDED_TLS)
            dissector_delete_uint(table, port, tls_handle);
    }
    g_array_set_size(f->ports, 0);
}

/* Moves a follower to the ports its role now holds; nothing is touched when
 * they did not change, so that a Decode As on them survives other changes of
 * the preferences. */
static void
move(follower_t *f)
{
    held_walk_t walk = { f, g_array_new(FALSE, FALSE, sizeof(guint32)) };

    range_foreach(role_ranges[f->role], collect_held, &walk);
    if (f->held && same_ports(f->held, walk.held)) {
        g_array_free(walk.held, TRUE);
        return;
    }
    unfollow(f);
    for (guint i = 0; i < walk.held->len; i++)
        follow_port(f, g_array_index(walk.held, guint32, i));
    if (f->held)
        g_array_free(f->held, TRUE);
    f->held = walk.held;
}

static void
claim_port(guint32 port, gpointer role)
{
    unsigned index = GPOINTER_TO_UINT(role);

    if (port <= G_MAXUINT16)
        exch_portmap_claim(&exch_port_roles, exch_roles[index].transport, (uint16_t)port, index);
}

static void
build_portmap(void)
{
    exch_portmap_clear(&exch_port_roles);
    for (unsigned i = 0; i < exch_role_count; i++)
        if (role_ranges[i])
            range_foreach(role_ranges[i], claim_port, GUINT_TO_POINTER(i));
}

void
exch_roles_apply(void)
{
    build_portmap();
    for (guint i = 0; followers && i < followers->len; i++)
        move(&g_array_index(followers, follower_t, i));
}

dissector_handle_t
exch_dissector_by_name(const char *name)
{
    dissector_handle_t handle = find_dissector(name);
    GSList *h = dissector_table_get_dissector_handles(find_dissector_table("tcp.port"));

    for (; !handle && h; h = h->next) {
        int proto = dissector_handle_get_protocol_index((dissector_handle_t)h->data);

        if (proto != -1 && strcmp(proto_get_protocol_filter_name(proto), name) == 0)
            handle = (dissector_handle_t)h->data;
    }
    return handle;
}

void
exch_roles_handoff(void)
{
    tls_handle = find_dissector("tls");
    followers = g_array_new(FALSE, TRUE, sizeof(follower_t));
    for (unsigned i = 0; i < exch_role_count; i++) {
        follower_t f = { i, exch_dissector_by_name(exch_roles[i].dissector), exch_roles[i].secure, FALSE,
                         NULL, NULL };

        if (!exch_roles[i].dissector[0] || !role_ranges[i] || !f.handle || (f.over_tls && !tls_handle))
            continue;
        f.guarded = !f.over_tls && exch_guard_needed(f.handle);
        f.ports = g_array_new(FALSE, FALSE, sizeof(guint32));
        g_array_append_val(followers, f);
    }
    exch_roles_apply();
}

static const char *
pref_description(const exch_role_t *role, const char *transport)
{
    const char *decoder = !role->dissector[0] ? "" :
        wmem_strdup_printf(wmem_epan_scope(), " The %s dissector decodes these ports%s.", role->dissector,
                           role->secure ? " after TLS" : "");

    return wmem_strdup_printf(wmem_epan_scope(),
        "%s ports labelled exch.role == \"%s\" (%s, %s). Default: %s. "
        "A port listed for two roles goes to the one listed first in the role table.%s",
        transport, role->code, role->service, role->component, role->default_ports, decoder);
}

void
exch_roles_register(module_t *module)
{
    role_ranges = g_new0(range_t *, exch_role_count);
    for (unsigned i = 0; i < exch_role_count; i++) {
        const exch_role_t *role = &exch_roles[i];
        const char *transport = role->transport == EXCH_TCP ? "TCP" : "UDP";

        if (role->match != EXCH_MATCH_PORT)
            continue;
        range_convert_str(wmem_epan_scope(), &role_ranges[i], role->default_ports, G_MAXUINT16);
        prefs_register_range_preference(module, role->pref_name,
            wmem_strdup_printf(wmem_epan_scope(), "%s %s ports", role->code, transport),
            pref_description(role, transport), &role_ranges[i], G_MAXUINT16);
    }
    build_portmap();
}
