/*
 * The C side of the cross-language round-trip harness: flex_client_set_attributes
 * (blocking) against a running emulator, timed per call with CLOCK_MONOTONIC.
 *
 *   rtt_c <base_url> <token> [iterations=500] [warmup=50]
 *
 * Prints one JSON line like flex-bench-rtt: {lang, what, n, min_us, median_us, p95_us, p99_us, mean_us}.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "flex_sdk.h"

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted samples. */
static double rank(const double *s, int n, double p) {
    int i = (int)ceil(p * n);
    if (i < 1) i = 1;
    if (i > n) i = n;
    return s[i - 1];
}

static int fail(flex_result rc, const char *what) {
    flex_error *e = flex_last_error();
    fprintf(stderr, "%s failed: %u %s\n", what, rc, e ? flex_error_message(e) : "");
    flex_error_free(e);
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rtt_c <base_url> <token> [iterations] [warmup]\n");
        return 2;
    }
    int iterations = argc > 3 ? atoi(argv[3]) : 500, warmup = argc > 4 ? atoi(argv[4]) : 50;
    flex_client_options *options = flex_client_options_create();
    flex_client_options_set_endpoint_override(options, argv[1]);
    flex_client *client = NULL;
    flex_result rc = flex_create_client(argv[2], options, &client);
    flex_client_options_free(options);
    if (rc != FLEX_OK) return fail(rc, "flex_create_client");

    double *samples = calloc((size_t)iterations, sizeof *samples);
    char attrs[128];
    for (int i = 0; i < warmup + iterations; i++) {
        snprintf(attrs, sizeof attrs, "{\"skills\":[\"support\",\"sales\"],\"seq\":%d}", i);
        char *worker = NULL;
        double start = now_us();
        rc = flex_client_set_attributes(client, attrs, false, &worker);
        double elapsed = now_us() - start;
        flex_string_free(worker);
        if (rc != FLEX_OK) return fail(rc, "flex_client_set_attributes");
        if (i >= warmup) samples[i - warmup] = elapsed;
    }
    flex_client_free(client);

    qsort(samples, (size_t)iterations, sizeof *samples, cmp);
    double total = 0;
    for (int i = 0; i < iterations; i++) total += samples[i];
    printf("{\"lang\":\"c\",\"what\":\"set_attributes\",\"n\":%d,\"min_us\":%.1f,\"median_us\":%.1f,"
           "\"p95_us\":%.1f,\"p99_us\":%.1f,\"mean_us\":%.1f}\n",
           iterations, samples[0], rank(samples, iterations, 0.5), rank(samples, iterations, 0.95),
           rank(samples, iterations, 0.99), total / iterations);
    free(samples);
    return 0;
}
