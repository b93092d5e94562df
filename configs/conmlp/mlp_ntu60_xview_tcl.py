# ConMLP, self-supervised, Tuned Contrastive Loss (seed 004 Sec. 3.2; the
# reference code's defaults tau 0.1, k1 5000, k2 1: the seed does not give
# its values), instance ids as labels; NTU RGB+D 60 cross-view.
_base_ = ['./mlp_ntu60_xview.py']
model = dict(loss=dict(_delete_=True, type='TunedContrastiveLoss',
                       temperature=0.1, k1=5000.0, k2=1.0))
