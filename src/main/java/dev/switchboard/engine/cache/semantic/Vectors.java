package dev.switchboard.engine.cache.semantic;

/** Plain-Java vector arithmetic (no incubator Vector API: {@code java -jar} cannot add the module). */
final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} to length 1 in place (a zero vector stays zero); @return {@code v} */
    static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** Dot product; see {@link #dot(float[], float[], int)}. */
    static float dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    /**
     * Dot product of {@code a} with the row at {@code offset} of a flat matrix (or a vector, at 0); four
     * accumulators let the JIT overlap the multiply-adds.
     */
    static float dot(float[] a, float[] matrix, int offset) {
        int n = a.length;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * matrix[offset + i];
            s1 += a[i + 1] * matrix[offset + i + 1];
            s2 += a[i + 2] * matrix[offset + i + 2];
            s3 += a[i + 3] * matrix[offset + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * matrix[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
