# AimCLR paper Table 1, row "+ EADM": both D3M terms (extreme view, and the
# extreme view through EADM; 1/2 each), no NNM (InfoNCE throughout). NTU
# RGB+D 60 cross-view, joint stream. Paper, 3 streams fused: 78.2 / 82.8
# (xsub / xview); "+ NNM" (78.9 / 83.8) is stgcn_ntu60_xview.py.
_base_ = ['./stgcn_ntu60_xview.py']
model = dict(mining_epoch=None)
custom_hooks = [  # the model declares no NNMSwitchHook without NNM
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='RNGStateHook'),
]
