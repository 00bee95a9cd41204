/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostid.c: identity of the emulator and the host, and cache staleness.
 */
#include "hostid.h"

#include "config.h"
#include "process.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

static gint64
nanoseconds(const struct timespec *ts)
{
    return (gint64)ts->tv_sec * G_GINT64_CONSTANT(1000000000) + ts->tv_nsec;
}

gboolean
armcpu_hostid_emulator(ArmcpuHostCaps *caps, const char *path, GError **error)
{
    struct stat st;

    if (stat(path, &st) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                    "cannot stat emulator '%s': %s", path, g_strerror(saved));
        return FALSE;
    }
    g_free(caps->emulator_path);
    caps->emulator_path = g_strdup(path);
    caps->emulator_size = (guint64)st.st_size;
    caps->emulator_ctime = nanoseconds(&st.st_ctim);
    caps->emulator_mtime = nanoseconds(&st.st_mtim);
    return TRUE;
}

gboolean
armcpu_hostid_kvm_usable(void)
{
    const char *dev = g_getenv("ARMCPU_DEV_KVM");
    int fd = open(dev && *dev ? dev : "/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return FALSE;
    close(fd);
    return TRUE;
}

/* A sysfs ID register as "0x..." (NULL when absent, e.g. not on aarch64). */
static char *
sysfs_register(const char *name)
{
    g_autofree char *path =
        g_strdup_printf("/sys/devices/system/cpu/cpu0/regs/identification/%s", name);
    g_autofree char *data = NULL;
    guint64 v;

    if (!armcpu_file_read_bounded(path, 64, &data, NULL, NULL))
        return NULL;
    g_strstrip(data);
    if (!armcpu_number_parse(data, &v, NULL))
        return NULL;
    return g_strdup_printf("0x%" G_GINT64_MODIFIER "x", v);
}

void
armcpu_hostid_host(ArmcpuHostCaps *caps)
{
    struct utsname u;

    if (uname(&u) == 0) {
        caps->host_arch = g_strdup(u.machine);
        caps->kernel_release = g_strdup(u.release);
        caps->host_name = g_strdup(u.nodename);
    } else {
        caps->host_arch = g_strdup("unknown");
        caps->kernel_release = g_strdup("unknown");
    }
    caps->kvm_usable = armcpu_hostid_kvm_usable();
    caps->midr = sysfs_register("midr_el1");
    caps->revidr = sysfs_register("revidr_el1");
    g_free(caps->armcpu_version);
    caps->armcpu_version = g_strdup(ARMCPU_VERSION);
}

char *
armcpu_hostid_stale_reason(const ArmcpuHostCaps *cached, const ArmcpuHostCaps *now)
{
    if (g_strcmp0(cached->armcpu_version, now->armcpu_version) != 0)
        return g_strdup_printf("written by armcpu %s", cached->armcpu_version);
    if (g_strcmp0(cached->emulator_path, now->emulator_path) != 0)
        return g_strdup_printf("describes another emulator (%s)", cached->emulator_path);
    if (cached->emulator_size != now->emulator_size ||
        cached->emulator_ctime != now->emulator_ctime ||
        cached->emulator_mtime != now->emulator_mtime)
        return g_strdup("the emulator binary changed (size, ctime or mtime)");
    if (g_strcmp0(cached->kernel_release, now->kernel_release) != 0)
        return g_strdup_printf("the kernel changed (%s, now %s)", cached->kernel_release,
                               now->kernel_release);
    if (cached->kvm_usable != now->kvm_usable)
        return g_strdup_printf("/dev/kvm became %s", now->kvm_usable ? "usable" : "unusable");
    if (g_strcmp0(cached->midr, now->midr) != 0 || g_strcmp0(cached->revidr, now->revidr) != 0)
        return g_strdup("the host CPU (MIDR/REVIDR) changed");
    return NULL;
}
