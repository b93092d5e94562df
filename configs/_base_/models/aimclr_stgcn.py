# AimCLR = SkeletonCLR + EADM + D3M (+ NNM, switched on by NNMSwitchHook).
_base_ = ['./skeletonclr_stgcn.py']
model = dict(
    type='AimCLR',
    eadm=dict(type='EADM', keep_prob=0.7, e_lambda=1e-4),
    d3m_loss=dict(type='D3MLoss'),
    alpha=0.5,
    beta=0.5,
    nnm_topk=1)
