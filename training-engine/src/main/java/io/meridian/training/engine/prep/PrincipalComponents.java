package io.meridian.training.engine.prep;

import java.util.Arrays;

import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;

import io.meridian.training.engine.prep.FittedPreprocessor.Pca;

/**
 * PCA by eigen-decomposition of the sample covariance (divisor n - 1) of the columns, with Tribuo's symmetric
 * eigen solver. Components are sorted by explained variance, descending; each is a unit vector whose
 * largest-magnitude weight is positive (a deterministic sign, the first such entry on ties).
 */
public final class PrincipalComponents {
    private PrincipalComponents() {
    }

    /**
     * Fits PCA on the given columns of {@code x}.
     *
     * @param x training rows
     * @param columns which columns of {@code x} enter (in this order)
     * @param components the number of components (0 = use {@code varianceTarget})
     * @param varianceTarget the explained-variance share to reach, in (0, 1]: the fewest components reaching
     *                       it are kept
     */
    public static Pca fit(double[][] x, int[] columns, int components, double varianceTarget) {
        int d = columns.length;
        int n = x.length;
        if (d == 0) {
            throw new IllegalArgumentException("preprocessing.pca: no columns are left to project");
        }
        if (n < 2) {
            throw new IllegalArgumentException("preprocessing.pca needs at least 2 training rows, got " + n);
        }
        if (components > d) {
            throw new IllegalArgumentException("preprocessing.pcaComponents is " + components + " but only " + d
                + " columns enter PCA");
        }
        if (components <= 0 && !(varianceTarget > 0 && varianceTarget <= 1)) {
            throw new IllegalArgumentException("preprocessing.pcaVariance must be in (0, 1], got "
                + varianceTarget);
        }
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[columns[j]];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                centred[j] = row[columns[j]] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                if (ca == 0) {
                    continue;
                }
                for (int b = a; b < d; b++) {
                    cov[a][b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        double[][] vectors = new double[d][];
        double[] values = new double[d];
        eigen(cov, values, vectors);
        Integer[] order = new Integer[d];
        for (int k = 0; k < d; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        int keep = components;
        if (keep <= 0) {
            double cumulative = 0;
            keep = d;
            for (int k = 0; k < d; k++) {
                cumulative += Math.max(0, values[order[k]]);
                if (total == 0 || cumulative / total >= varianceTarget - 1e-12) {
                    keep = k + 1;
                    break;
                }
            }
        }
        double[][] out = new double[keep][];
        double[] ratio = new double[keep];
        for (int k = 0; k < keep; k++) {
            double[] v = vectors[order[k]].clone();
            int largest = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[j]) > Math.abs(v[largest])) {
                    largest = j;
                }
            }
            if (v[largest] < 0) {
                for (int j = 0; j < d; j++) {
                    v[j] = -v[j];
                }
            }
            out[k] = v;
            ratio[k] = total == 0 ? 0 : Math.max(0, values[order[k]]) / total;
        }
        return new Pca(mean, out, ratio);
    }

    private static void eigen(double[][] cov, double[] values, double[][] vectors) {
        int d = cov.length;
        DenseMatrix.EigenDecomposition eig = DenseMatrix.createDenseMatrix(cov).eigenDecomposition()
            .orElseThrow(() -> new IllegalStateException("covariance matrix is not symmetric"));
        DenseVector eigenvalues = eig.eigenvalues();
        for (int k = 0; k < d; k++) {
            values[k] = eigenvalues.get(k);
            DenseVector v = eig.getEigenVector(k);
            double norm = 0;
            vectors[k] = new double[d];
            for (int j = 0; j < d; j++) {
                vectors[k][j] = v.get(j);
                norm += v.get(j) * v.get(j);
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                vectors[k][j] /= norm;
            }
        }
    }
}
