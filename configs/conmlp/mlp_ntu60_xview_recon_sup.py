# ConMLP + reconstruction, supervised: SupCon (tau 0.07) + MSE against the
# clean input; NTU RGB+D 60 cross-view. Train directly, evaluate with
# --protocol linear (the seed's protocol).
_base_ = ['./mlp_ntu60_xview_recon.py']
model = dict(supervised=True,
             loss=dict(_delete_=True, type='SupConLoss', temperature=0.07))
