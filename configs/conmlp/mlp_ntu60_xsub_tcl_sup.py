# ConMLP, supervised Tuned Contrastive Loss (seed 004 Sec. 3.2, Eq. 3.4;
# tau 0.1, k1 5000, k2 1 of the reference code); NTU RGB+D 60 cross-subject.
# Train directly, evaluate with --protocol linear (the seed's protocol).
_base_ = ['./mlp_ntu60_xsub_tcl.py']
model = dict(supervised=True)
