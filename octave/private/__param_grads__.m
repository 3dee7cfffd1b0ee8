## DP = __param_grads__ (P, DW, DR, DB, DBR) - the gradient struct of a layer:
## fields W, R, b (and bR when P has it), each shaped like its parameter.
function dp = __param_grads__ (p, dW, dR, db, dbR)
  dp.W = dW;
  dp.R = dR;
  dp.b = reshape (db, size (p.b));
  if (isfield (p, "bR"))
    dp.bR = reshape (dbR, size (p.bR));
  endif
endfunction
