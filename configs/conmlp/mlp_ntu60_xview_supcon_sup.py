# ConMLP, supervised contrastive (SupCon, seed 004 Eq. 3.3, tau 0.07):
# positives are the views of same-label samples; NTU RGB+D 60 cross-view.
# Train it directly (python tools/train.py THIS), then evaluate it as the
# seed does, with a linear classifier on the frozen representation:
#   python tools/train.py THIS --protocol linear
_base_ = ['./mlp_ntu60_xview.py']
model = dict(supervised=True,
             loss=dict(_delete_=True, type='SupConLoss', temperature=0.07))
