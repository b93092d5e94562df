# The built-in synthetic dataset, cross-subject, in its HARD setting (the
# README's demo): skelact.datasets.synthetic.HARD -- per-sample viewpoint
# (+-30 deg azimuth, +-25 deg elevation), body scale 0.7-1.3, tempo
# 0.6-1.6, 3 cm sensor noise, a body part occluded in 40 % of the
# samples, distractor motion in 60 % (docs/synthetic.md, "Nuisance
# knobs"; no lost joints: at 2 % every encoder failed on them, see there).
# Preprocessed as synthetic_xsub.py but resized to 24 frames (not 32): the demo's 10-minute budget.
dataset_type = 'SyntheticDataset'
num_classes = 10
data_args = dict(
    num_classes=num_classes, seed=0, body_scale_range=(0.7, 1.3),
    tempo_range=(0.6, 1.6), noise_std=0.03,
    nuisance=dict(view_yaw_range=30., view_pitch_range=25.,
                  drop_joint_prob=0.0, occlusion_prob=0.4,
                  distractor_prob=0.6, distractor_amp=0.5))
train_dataset = dict(type=dataset_type, split='xsub_train', **data_args)
val_dataset = dict(type=dataset_type, split='xsub_val', **data_args)
preprocess = [
    dict(type='AimCLRNormalize', length=24, rotation='first',
         rotate_before_resize=True, length_rule='last'),
]
