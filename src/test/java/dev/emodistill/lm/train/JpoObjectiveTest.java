package dev.emodistill.lm.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.emodistill.lm.LlamaConfig;
import dev.emodistill.lm.LlamaModel;
import dev.emodistill.lm.LoraConfig;
import dev.emodistill.lm.TokenBatch;
import dev.emodistill.lm.jpo.JpoLoss;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tensor JPO objective equals the plain-arithmetic reference of DESIGN §9 on a tiny model. */
class JpoObjectiveTest {
    @Test
    void theTensorObjectiveMatchesTheHandFormula() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            LlamaModel model = LlamaModel.create(LlamaConfig.tiny(40), 7, manager, DataType.FLOAT64);
            model.addLora(LoraConfig.attention(2), 3);
            SplittableRandom rng = new SplittableRandom(11);
            List<Jpo.Sample> samples = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int[] prompt = rng.ints(3 + i, 1, 40).toArray();
                int[] response = rng.ints(2 + i % 2, 1, 40).toArray();
                float[] ref = new float[response.length];
                float[] beh = new float[response.length];
                for (int k = 0; k < response.length; k++) {
                    ref[k] = (float) (-3 - rng.nextDouble());
                    beh[k] = (float) (-3 - rng.nextDouble());
                }
                samples.add(new Jpo.Sample(new LmExamples(prompt, response, null, null), i - 1.5, ref, beh));
            }
            double[] kl = new double[1];
            double tensor;
            float[] current;
            try (NDManager sm = manager.newSubManager()) {
                tensor = Jpo.objective(sm, model, samples, kl).toType(DataType.FLOAT64, false).getDouble();
                current = model.scoredLogProbs(sm, TokenBatch.responses(
                        samples.stream().map(s -> s.example().prompt()).toList(),
                        samples.stream().map(s -> s.example().response()).toList()))
                        .toType(DataType.FLOAT32, false).toFloatArray();
            }
            double surrogate = 0;
            double k3 = 0;
            int k = 0;
            for (Jpo.Sample s : samples) {
                int n = s.referenceLogProbs().length;
                double[] cur = new double[n];
                double[] ref = new double[n];
                double[] beh = new double[n];
                for (int j = 0; j < n; j++) {
                    cur[j] = current[k + j];
                    ref[j] = s.referenceLogProbs()[j];
                    beh[j] = s.behaviourLogProbs()[j];
                }
                k += n;
                surrogate += JpoLoss.surrogate(JpoLoss.ratio(cur, beh), s.advantage()) / samples.size();
                k3 += JpoLoss.k3(cur, ref) / samples.size();
            }
            assertEquals(surrogate + JpoLoss.KL_BETA * k3, tensor, 1e-4);
            assertEquals(k3, kl[0], 1e-4);
            assertTrue(k3 > 0, "reference differs from the model, so the KL is positive");
            assertEquals(current.length, Arrays.stream(samples.toArray(Jpo.Sample[]::new))
                    .mapToInt(s -> s.example().response().length).sum());
        }
    }
}
