/* replay.c
 * Runs a fuzz target over files (the seed corpus and the inputs that ever
 * crashed) without libFuzzer, so that ctest replays them in every build.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;

    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        if (f)
            fclose(f);
        return 1;
    }
    data = malloc((size_t)size + 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        fclose(f);
        free(data);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    free(data);
    return 0;
}

static int
replay(const char *path, unsigned *count)
{
    struct stat st;
    DIR *dir;
    struct dirent *entry;
    int failures = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: not found\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return replay_file(path);
    }
    if (!(dir = opendir(path)))
        return 1;
    while ((entry = readdir(dir))) {
        char child[4096];
        if (entry->d_name[0] == '.')
            continue;
        snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
        failures += replay(child, count);
    }
    closedir(dir);
    return failures;
}

int
main(int argc, char **argv)
{
    unsigned count = 0;
    int failures = 0;

    for (int i = 1; i < argc; i++)
        failures += replay(argv[i], &count);
    printf("replayed %u inputs\n", count);
    if (count == 0)
        fprintf(stderr, "no input to replay\n");
    return failures || count == 0 ? 1 : 0;
}
