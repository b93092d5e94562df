# AimCLR paper Table 1, row "w/ NA + w/ EA": InfoNCE on the normal views and
# the D3M term of the extreme view only (L_d1 of Eq. 7, weight alpha = 1/2
# as in the code); no EADM (beta 0, its forward skipped), no NNM. NTU RGB+D
# 60 cross-view, joint stream. Paper, 3 streams fused: 77.4 / 82.5
# (xsub / xview). Bone / motion: configs/aimclr/README.md.
_base_ = ['./stgcn_ntu60_xview.py']
model = dict(beta=0.0, skip_unweighted_eadm=True, mining_epoch=None)
custom_hooks = [  # the model declares no NNMSwitchHook without NNM
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='RNGStateHook'),
]
