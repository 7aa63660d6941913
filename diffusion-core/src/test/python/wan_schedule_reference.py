"""Reference flow-matching schedules, computed the way Wan2.2's FlowUniPCMultistepScheduler does
(numpy float64 linspace and shift, float32 sigmas, int64-truncated timesteps), independently of the
Java code. Regenerate with:  python3 wan_schedule_reference.py > ../resources/wan_schedule_reference.json
Needs only numpy."""
import json
import numpy as np

N_TRAIN = 1000


def schedule(steps, shift):
    # Training schedule: sigmas = 1 - linspace(1, 1/N, N)[::-1], held as float32 tensors.
    alphas = np.linspace(1, 1 / N_TRAIN, N_TRAIN)[::-1].copy()
    train_sigmas = (1.0 - alphas).astype(np.float32)
    sigma_max = float(train_sigmas[0])
    sigma_min = float(train_sigmas[-1])
    sigmas = np.linspace(sigma_max, sigma_min, steps + 1).copy()[:-1]
    sigmas = shift * sigmas / (1 + (shift - 1) * sigmas)
    timesteps = (sigmas * N_TRAIN).astype(np.int64)  # torch .to(int64) truncates toward zero
    sigmas = np.concatenate([sigmas, [0.0]]).astype(np.float32)
    boundary = 0.875 * N_TRAIN
    high = [int(i) for i, t in enumerate(timesteps) if t >= boundary]
    return {
        "steps": steps,
        "shift": shift,
        "sigmas": [float(s) for s in sigmas],
        "timesteps": [int(t) for t in timesteps],
        "highNoiseSteps": high,
    }


print(json.dumps([schedule(40, 12.0), schedule(40, 5.0), schedule(50, 1.0), schedule(20, 3.0)], indent=1))
